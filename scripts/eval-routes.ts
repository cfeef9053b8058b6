/**
 * Route accuracy (信访工作条例 Arts. 22/29/30/31) on the self-written labelled petitions in fixtures/routes.jsonl.
 *
 *   npx tsx scripts/eval-routes.ts [fixtures.jsonl]
 */
import { readFileSync } from 'node:fs';
import { routeFor, ROUTES } from '../src/clauses/route.ts';

const path = process.argv[2] ?? 'fixtures/routes.jsonl';
const rows = readFileSync(path, 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as { id: string; text: string; title?: string; expect: { route: string } });
let correct = 0;
for (const code of ROUTES.map((r) => r.code)) {
  const mine = rows.filter((r) => r.expect.route === code);
  const ok = mine.filter((r) => routeFor(r.title ? `${r.title}。${r.text}` : r.text).code === code).length;
  correct += ok;
  console.log(`${code.padEnd(15)} ${ok}/${mine.length}`);
}
for (const r of rows) {
  const got = routeFor(r.title ? `${r.title}。${r.text}` : r.text).code;
  if (got !== r.expect.route) console.log(`  ${r.id}: expected ${r.expect.route}, got ${got}`);
}
console.log(`accuracy ${correct}/${rows.length} = ${(correct / rows.length).toFixed(3)}`);
