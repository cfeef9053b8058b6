/**
 * Loads the fixture petitions into the configured database (DB_PATH) so a new user sees a populated
 * service: `npm run demo`, then `npm start`. Running it twice does not duplicate anything.
 */
import { readFileSync } from 'node:fs';
import { loadConfig } from '../src/config.ts';
import { createDeps } from '../src/deps.ts';
import { PetitionInputSchema } from '../src/cases/petition-schema.ts';

const FIXTURES = new URL('../fixtures/petitions.jsonl', import.meta.url);
const ACTOR = '演示数据';

const deps = await createDeps(loadConfig());
const exists = deps.db.prepare('SELECT 1 FROM petitions WHERE text = ?');
let added = 0;
let moved = 0;

for (const [i, line] of readFileSync(FIXTURES, 'utf8').split('\n').filter(Boolean).entries()) {
  const { id: _id, expect: _expect, ...body } = JSON.parse(line);
  if (exists.get(body.text)) continue;
  // Received over the last few weeks, so some cases are on track, some nearly due and some overdue.
  body.received_at = new Date(deps.clock.now().getTime() - ((i * 5) % 24) * 86_400_000).toISOString();
  const petition = deps.cases.register(PetitionInputSchema.parse(body), ACTOR);
  added++;
  // Spread the demo cases along the workflow so the supervision pages have something to show.
  if (i % 3 !== 2) {
    deps.cases.transition(petition.id, {
      to: 'screened',
      actor: ACTOR,
      reason: '属于本机关职责范围，予以受理',
      decision: 'accepted',
    });
    moved++;
  }
  if (i % 3 === 0)
    deps.cases.transition(petition.id, {
      to: 'routed',
      actor: ACTOR,
      reason: '转交职能部门办理',
      department: petition.triage?.category?.department ?? '承办部门',
    });
}

console.log(`demo: ${added} petitions registered (${moved} accepted), database ${deps.config.DB_PATH}`);
deps.close();
