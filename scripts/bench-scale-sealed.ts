/**
 * Issue 24: the planted repeats of a kept bench:scale database, looked up again read-only, the exact check done
 * two ways: on the stored (sealed) texts, and on the texts as the petitioners wrote them (unsealed in memory, as
 * the repeat finder of src/deps.ts now does). Registration seals numbers and names before storing a text; when the
 * sealer finds a telephone number in one sending and not in the other (one character of a cue such as 电话
 * changed), the two stored copies of a letter can fall below the rule. Prints counts only. Not a test.
 *
 *   npx tsx scripts/bench-scale-sealed.ts --db /tmp/h24/1m.db --n 400000 [--days 180] [--of 1000000]
 *
 * --of: the N the database was filled for (the letter stream depends on it); --n: how many of its rows to check.
 */
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { createMatchIndex } from '../src/alerts/match-index.ts';
import { createRepeatFinder } from '../src/alerts/repeats.ts';
import { REPEAT_COUNT_CAP, REPEAT_WINDOW_DAYS } from '../src/cases/case-service.ts';
import { textsAsWritten } from '../src/cases/sealed-text.ts';
import type { Db } from '../src/store/db.ts';
import { createPiiCipher } from '../src/store/pii-cipher.ts';
import { benchStream } from './bench-scale-letters.ts';

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    n: { type: 'string' },
    of: { type: 'string' },
    days: { type: 'string', default: '180' },
  },
});
if (!values.db || !values.n) throw new Error('usage: --db file --n N [--of N_filled] [--days 180]');
const N = Number(values.n);
const PII_KEY = '6b'.repeat(32); // bench-scale.ts

// The plants, from the stream the fill registered in order (row i of the database is letter i).
const plants: { at: number; of: number }[] = [];
const letters = benchStream(Number(values.of ?? N), Number(values.days));
for (let i = 0; i < N; i++) {
  const l = letters.next().value!;
  if (l.plant?.kind === 'repeat') plants.push({ at: i, of: l.plant.of });
}

const db = new Database(values.db, { readonly: true, timeout: 300_000 });
db.exec('BEGIN'); // one snapshot, even if a fill is still writing
const ids = db.prepare('SELECT id FROM petitions ORDER BY rowid LIMIT ?').pluck().all(N) as string[];
if (ids.length < N) throw new Error(`the database holds ${ids.length} petitions, fewer than --n ${N}`);
const row = db.prepare('SELECT text, received_at FROM petitions WHERE id = ?');
const index = createMatchIndex(db as unknown as Db);
// The service's finder (lookup: without indexing, so nothing is written), once on the stored texts, once as written.
const onStoredTexts = createRepeatFinder(db as unknown as Db, index);
const asWrittenTexts = createRepeatFinder(db as unknown as Db, index, {
  textAsWritten: textsAsWritten(db as unknown as Db, createPiiCipher({ current: PII_KEY })),
});
const finds = (finder: typeof onStoredTexts) => (p: { at: number; of: number }) => {
  const r = row.get(ids[p.at]) as { text: string; received_at: string };
  const p0 = { id: ids[p.at], text: r.text, receivedAt: r.received_at };
  return finder.lookup(p0, REPEAT_WINDOW_DAYS, REPEAT_COUNT_CAP).includes(ids[p.of]);
};
const onStored = plants.filter(finds(onStoredTexts)).length;
const asWritten = plants.filter(finds(asWrittenTexts)).length;
db.exec('COMMIT');
console.log(
  `planted repeats in the first ${N.toLocaleString('en')} rows: ${plants.length}; found comparing stored texts ${onStored}, comparing texts as written ${asWritten}`,
);
