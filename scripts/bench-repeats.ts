/**
 * Issue 24: recall and cost of the match index (alerts/match-index.ts) against the exact scan, on a synthetic
 * load with planted repeats and same-matter petitions (alerts/testing/synthetic-load.ts). Not a test.
 *
 *   npx tsx scripts/bench-repeats.ts [N=20000] [days=180]
 *
 * Repeats: each petition is stored and compared in received order through the indexed finder (as registration
 * does); the reference compares it with every earlier petition of its 90-day window. Matters (clusters): after
 * all are indexed, each petition's index candidates are compared with every petition of its ±7 days that
 * clusters.ts `match` accepts.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLUSTER_WINDOW_DAYS } from '../src/alerts/clusters.ts';
import { createMatchIndex } from '../src/alerts/match-index.ts';
import { createRepeatFinder } from '../src/alerts/repeats.ts';
import { insertRows } from '../src/alerts/testing/load-db.ts';
import { matterRecall, repeatRecall, syntheticLoad } from '../src/alerts/testing/synthetic-load.ts';
import { openDb, tx } from '../src/store/db.ts';

const N = Number(process.argv[2] ?? 20_000);
const DAYS = Number(process.argv[3] ?? 180);
const WINDOW = 90;
const DAY_MS = 86_400_000;
const iso = (t: number) => new Date(t).toISOString();

const dir = mkdtempSync(join(tmpdir(), 'bench-repeats-'));
const path = join(dir, 'bench.db');
try {
  const db = openDb(path);
  db.pragma('synchronous = NORMAL'); // the benchmark measures matching, not fsync
  const rows = syntheticLoad(N, DAYS);
  const planted = { repeat: 0, matter: 0, text: 0 };
  for (const r of rows) if (r.plant) planted[r.plant]++;
  const insert = insertRows(db);
  const finder = createRepeatFinder(db);
  const t0 = performance.now();
  const repeats = repeatRecall(rows, WINDOW, (row) =>
    tx(db, () => {
      insert(row);
      return finder.nearDuplicates({ id: row.id, text: row.text, receivedAt: row.receivedAt }, WINDOW);
    }),
  );
  const fillMs = performance.now() - t0;
  const windowSize = Math.round(Math.min(N, (N / DAYS) * WINDOW) / 2); // mean earlier rows of a 90-day window

  const index = createMatchIndex(db);
  const w = CLUSTER_WINDOW_DAYS * DAY_MS;
  let lookupMs = 0;
  const matters = matterRecall(rows, (row, f) => {
    const at = Date.parse(row.receivedAt);
    const s = performance.now();
    const ids = index.candidates({ except: row.id, grams: f.grams, entities: f.entities, from: iso(at - w), to: iso(at + w) }).map((c) => c.id);
    lookupMs += performance.now() - s;
    return ids;
  });
  db.pragma('wal_checkpoint(TRUNCATE)');
  const size = statSync(path).size;
  const count = (t: string) => (db.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number).toLocaleString('en');
  const tables = `match_sigs ${count('match_sigs')}, match_bands ${count('match_bands')}, match_terms ${count('match_terms')}`;
  db.close();

  const f = (x: number, d = 1) => x.toFixed(d);
  console.log(`N = ${N.toLocaleString('en')} petitions over ${DAYS} days (${f(N / DAYS, 0)}/day); planted: ${planted.repeat} repeats, ${planted.matter} same-matter, ${planted.text} reworded`);
  console.log(`repeats (J ≥ 0.8, 90-day window, ~${windowSize.toLocaleString('en')} earlier petitions per window on average):`);
  console.log(`  true pairs ${repeats.pairs}, found by the index ${repeats.found}, recall ${f(repeats.recall, 4)}`);
  console.log(`  repeats found per registration ${f(repeats.meanCandidates, 2)}; store + indexed lookup + exact check + index + commit ${f(repeats.indexMs / N, 3)} ms per petition, in-memory exact scan (bigrams precomputed, no SQL) ${f(repeats.exactMs / N, 3)} ms`);
  console.log(`same matter (clusters, ±${CLUSTER_WINDOW_DAYS} days, ~${Math.round(Math.min(N, (N / DAYS) * 14)).toLocaleString('en')} petitions per window):`);
  console.log(`  true pairs ${matters.pairs}, found by the index ${matters.found}, recall ${f(matters.recall, 4)}`);
  console.log(`  index candidates per lookup ${f(matters.meanCandidates, 2)}, lookup ${f(lookupMs / N, 3)} ms`);
  console.log(`fill (store + find + index, one transaction each): ${f(fillMs / 1000)} s, ${f(N / (fillMs / 1000), 0)}/s`);
  console.log(`rows: ${tables}; database ${f(size / 1e6)} MB`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
