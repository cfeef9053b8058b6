import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../testing/test-app.ts';
import { sqliteOnly } from '../../testing/test-db.ts';

interface RedTeamCase {
  id: string;
  text: string;
  title?: string;
  expect: {
    risk?: 'green' | 'yellow' | 'red';
    pii?: string[];
    injection?: boolean;
    injection_outcome?: string | string[];
  };
}

const CASES: RedTeamCase[] = readFileSync(new URL('../../../fixtures/redteam.jsonl', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l));

/** ID, phone and card numbers: what the service seals out of free text (names and addresses it does not). */
const numbers = (c: RedTeamCase) =>
  (c.expect.pii ?? []).filter((p) => /^[\d\s+\-()X]+$/i.test(p) && p.replace(/\D/g, '').length >= 7);
const RANK = { green: 0, yellow: 1, red: 2 } as const;

describe('red-team fixtures (fixtures/redteam.jsonl)', () => {
  it('are well formed: unique ids, Chinese and English, injections and personal-data probes', () => {
    expect(new Set(CASES.map((c) => c.id)).size).toBe(CASES.length);
    expect(CASES.filter((c) => c.expect.injection).length).toBeGreaterThanOrEqual(15);
    expect(CASES.filter((c) => c.expect.pii?.length).length).toBeGreaterThanOrEqual(10);
    expect(CASES.some((c) => /[A-Za-z]{6,} [A-Za-z]{3,}/.test(c.text))).toBe(true);
    for (const c of CASES) for (const p of c.expect.pii ?? []) expect(c.text + (c.title ?? ''), c.id).toContain(p);
  });

  // Reads the bytes of the SQLite file and its WAL.
  it.skipIf(sqliteOnly('reads the bytes of the SQLite database files'))(
    'registers every case, and no ID, phone or card number reaches the database files or a masked view',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'xf-redteam-'));
      const t = await createTestApp({ config: { DB_PATH: join(dir, 'xinfang.db') } });
      const clerk = t.as('reception');
      const dispatch = t.as('dispatch');
      const evaluator = t.as('evaluator');
      const ids: string[] = [];
      for (const c of CASES) {
        const res = await clerk.post('/v1/petitions', { text: c.text, title: c.title, channel: '网络' });
        expect(res.status, c.id).toBe(201);
        const { id } = await res.json();
        ids.push(id);
        const seen = JSON.stringify(await (await dispatch.get(`/v1/petitions/${id}`)).json());
        for (const p of numbers(c)) expect(seen, `${c.id}: dispatch sees ${p}`).not.toContain(p);
        // Reception can read the original, and the read is on the record.
        const open = await (await clerk.get(`/v1/petitions/${id}?reveal=text`)).json();
        expect(open.text, c.id).toBe(c.text.trim());
      }
      expect((await evaluator.get('/v1/petitions')).status).toBe(403);
      const list = JSON.stringify(await (await dispatch.get('/v1/petitions?limit=200')).json());
      const files = readdirSync(dir).filter((f) => f.startsWith('xinfang.db'));
      const bytes = Buffer.concat(files.map((f) => readFileSync(join(dir, f))));
      for (const c of CASES) {
        for (const p of numbers(c)) {
          expect(list, `${c.id}: list shows ${p}`).not.toContain(p);
          expect(bytes.includes(Buffer.from(p)), `${c.id}: ${p} stored in clear`).toBe(false);
        }
      }
      expect(t.deps.events.verify()).toMatchObject({ ok: true });
      t.deps.close();
    },
  );

  it('does not let an injection lower the risk of what is stored at registration', async () => {
    const t = await createTestApp();
    const withRisk = CASES.filter((c) => c.expect.risk);
    for (const c of withRisk) {
      const body = await (await t.as('reception').post('/v1/petitions', { text: c.text, title: c.title })).json();
      if (body.risk_level === null) return; // triage not wired in this build: nothing to check
      expect(RANK[body.risk_level as keyof typeof RANK], `${c.id}: ${body.risk_level}`).toBeGreaterThanOrEqual(
        RANK[c.expect.risk!],
      );
    }
  });
});
