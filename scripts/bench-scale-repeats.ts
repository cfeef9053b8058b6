/**
 * Issue 24: are the planted repeats of the scale benchmark all found at N petitions? The repeat finder alone, on
 * the very letters `npm run bench:scale -- --n N` registers (same generator, seed, days and time mapping), without
 * the rest of registration (workflow, PII, events, clusters, alerts). Not a test.
 *
 *   npx tsx scripts/bench-scale-repeats.ts --n 1000000 [--days 180]
 *
 * Each letter is stored as a petition row and looked up exactly as registration does (src/deps.ts:
 * repeats.nearDuplicates(p, REPEAT_WINDOW_DAYS, REPEAT_COUNT_CAP), which also indexes it), 500 to a transaction.
 * A planted repeat counts as found when the finder returns its source. Why it exists: the full fill runs at about
 * 100 petitions a second on the 2-core machine, so a 1M fill does not fit a working session; this part of it does.
 * It checks the finder's recall at that scale; it does not replace the full benchmark's throughput and page figures.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createRepeatFinder } from '../src/alerts/repeats.ts';
import { REPEAT_COUNT_CAP, REPEAT_WINDOW_DAYS } from '../src/cases/case-service.ts';
import { openDb, tx } from '../src/store/db.ts';
import { benchStream, type ScaleLetter, take } from './bench-scale-letters.ts';

const { values } = parseArgs({
  options: { n: { type: 'string', default: '100000' }, days: { type: 'string', default: '180' } },
});
const N = Number(values.n);
const DAYS = Number(values.days);
const DAY_MS = 86_400_000;
const BATCH = 500;

const dir = mkdtempSync(join(tmpdir(), 'xf-bench-scale-repeats-'));
try {
  const db = openDb(join(dir, 'repeats.db'));
  db.pragma('synchronous = NORMAL'); // measures recall, not fsync
  const insert = db.prepare(
    `INSERT INTO petitions (id, title, text, channel, received_at, created_at, updated_at)
     VALUES (@id, @title, @text, @channel, @at, @at, @at)`,
  );
  const finder = createRepeatFinder(db);
  // The same stream and time mapping as scripts/bench-scale.ts (its tail feeds the HTTP registrations there).
  const end = Date.now() - 60_000;
  const start = end - DAYS * DAY_MS;
  const letters = take(benchStream(N, DAYS), N, start, end);
  const ids: string[] = [];
  const count = { planted: 0, found: 0, returned: 0 };
  const t0 = performance.now();
  let batch: ScaleLetter[] = [];
  const flush = () =>
    tx(db, () => {
      for (const l of batch) {
        const id = `p${ids.length}`;
        const at = new Date(start + l.at).toISOString();
        insert.run({ id, title: l.title, text: l.text, channel: l.channel, at });
        const found = finder.nearDuplicates({ id, text: l.text, receivedAt: at }, REPEAT_WINDOW_DAYS, REPEAT_COUNT_CAP);
        count.returned += found.length;
        if (l.plant?.kind === 'repeat') {
          count.planted++;
          if (found.includes(ids[l.plant.of])) count.found++;
        }
        ids.push(id);
      }
      batch = [];
    });
  for (const l of letters) {
    batch.push(l);
    if (batch.length < BATCH) continue;
    flush();
    if (ids.length % 50_000 === 0)
      console.log(
        `… ${ids.length.toLocaleString('en')} petitions, ${((performance.now() - t0) / 1000).toFixed(0)} s; planted repeats found ${count.found} / ${count.planted}`,
      );
  }
  if (batch.length) flush();
  db.close();
  console.log(
    `N = ${N.toLocaleString('en')} over ${DAYS} days: planted repeats found ${count.found} / ${count.planted}; ` +
      `${(count.returned / N).toFixed(2)} near-duplicates returned a registration; ${((performance.now() - t0) / 1000).toFixed(0)} s`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
