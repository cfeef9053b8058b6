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
import { bigrams, jaccard } from '../src/alerts/matter.ts';
import { BANDS, ROWS, bandBuckets } from '../src/alerts/minhash.ts';

const N = Number(process.argv[2] ?? 20_000);
const DAYS = Number(process.argv[3] ?? 180);
const WINDOW = 90;
const DAY_MS = 86_400_000;
const iso = (t: number) => new Date(t).toISOString();
const f = (x: number, d = 1) => x.toFixed(d);

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
    const ids = index
      .candidates({ except: row.id, grams: f.grams, entities: f.entities, from: iso(at - w), to: iso(at + w) })
      .map((c) => c.id);
    lookupMs += performance.now() - s;
    return ids;
  });
  // Work left for the exact check of a repeat lookup: candidates sharing ≥ 6 band buckets (what repeats.ts asks
  // for) against ≥ 1 (what the cluster lookup asks for), on the last 500 petitions (full 90-day windows).
  const raw = { six: 0, one: 0 };
  for (const row of rows.slice(-500)) {
    const at = Date.parse(row.receivedAt);
    const q = { except: row.id, grams: bigrams(row.text), from: iso(at - WINDOW * DAY_MS), to: iso(at) };
    raw.six += index.candidates({ ...q, minBands: 6 }).length;
    raw.one += index.candidates({ ...q, minBands: 1 }).length;
  }
  db.pragma('wal_checkpoint(TRUNCATE)');
  const size = statSync(path).size;
  const count = (t: string) => (db.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number).toLocaleString('en');
  const tables = `match_sigs ${count('match_sigs')}, match_bands ${count('match_bands')}, match_terms ${count('match_terms')}`;
  db.close();

  console.log(
    `N = ${N.toLocaleString('en')} petitions over ${DAYS} days (${f(N / DAYS, 0)}/day); planted: ${planted.repeat} repeats, ${planted.matter} same-matter, ${planted.text} reworded`,
  );
  console.log(
    `repeats (J ≥ 0.8, 90-day window, ~${windowSize.toLocaleString('en')} earlier petitions per window on average):`,
  );
  console.log(`  true pairs ${repeats.pairs}, found by the index ${repeats.found}, recall ${f(repeats.recall, 4)}`);
  console.log(
    `  repeats found per registration ${f(repeats.meanCandidates, 2)}; store + indexed lookup + exact check + index + commit ${f(repeats.indexMs / N, 3)} ms per petition, in-memory exact scan (bigrams precomputed, no SQL) ${f(repeats.exactMs / N, 3)} ms`,
  );
  console.log(
    `  candidates per repeat lookup before the exact check (last 500): ${f(raw.six / 500, 2)} sharing ≥ 6 bands (used), ${f(raw.one / 500, 2)} sharing ≥ 1`,
  );
  console.log(
    `same matter (clusters, ±${CLUSTER_WINDOW_DAYS} days, ~${Math.round(Math.min(N, (N / DAYS) * 14)).toLocaleString('en')} petitions per window):`,
  );
  console.log(`  true pairs ${matters.pairs}, found by the index ${matters.found}, recall ${f(matters.recall, 4)}`);
  console.log(`  index candidates per lookup ${f(matters.meanCandidates, 2)}, lookup ${f(lookupMs / N, 3)} ms`);
  console.log(
    `fill (store + find + index, one transaction each): ${f(fillMs / 1000)} s, ${f(N / (fillMs / 1000), 0)}/s`,
  );
  console.log(`rows: ${tables}; database ${f(size / 1e6)} MB`);

  // The hard cases: pairs just above each threshold (a letter edited character by character until its bigram
  // Jaccard with the original falls into [lo, lo + 0.05)); a pair is found when the two share a band bucket.
  const NAME = '宏达兴盛华安泰和顺祥瑞福康明光新阳金银鑫源丰';
  let seed = 7;
  const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
  for (const lo of [0.5, 0.8]) {
    let pairs = 0;
    let shared = 0;
    for (const row of rows.slice(0, 3000)) {
      const a = bigrams(row.text);
      const chars = [...row.text];
      let j = 1;
      for (let k = 0; k < chars.length * 3 && j >= lo + 0.05; k++) {
        chars[Math.floor(rand() * chars.length)] = NAME[Math.floor(rand() * NAME.length)];
        j = jaccard(a, bigrams(chars.join('')));
      }
      if (j < lo || j >= lo + 0.05) continue;
      pairs++;
      // The cluster lookup needs one shared bucket; the repeat lookup (J ≥ 0.8) needs 6.
      const need = lo >= 0.8 ? 6 : 1;
      const ba = new Set(bandBuckets(a));
      if (bandBuckets(bigrams(chars.join(''))).filter((b) => ba.has(b)).length >= need) shared++;
    }
    const p = lo ** ROWS;
    let below = 0; // P(fewer than `need` of the BANDS bands shared) at J = lo
    for (let k = 0, c = 1; k < (lo >= 0.8 ? 6 : 1); c = (c * (BANDS - k)) / (k + 1), k++)
      below += c * p ** k * (1 - p) ** (BANDS - k);
    console.log(
      `pairs with J in [${lo}, ${f(lo + 0.05, 2)}): ${pairs}, sharing ≥ ${lo >= 0.8 ? 6 : 1} band buckets ${shared} (${f(shared / pairs, 4)}; theory at J = ${lo}: ${f(1 - below, 9)})`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
