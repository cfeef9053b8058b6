/**
 * Issue 24: which statement of registration grows with the register. Not a test.
 *
 *   npx tsx scripts/bench-scale-profile.ts --n 100000 [--days 180] [--db path] [--skip K --count C]
 *
 * Fills a database like scripts/bench-scale.ts (same letters, same fill through the case service) and prints, for
 * every 5,000 petitions, the wall time and the SQL time per petition and the statements that took longest (time,
 * calls, rows returned). A statement whose time per petition rises from block to block is the one to look at;
 * the rest of the wall time is JavaScript (triage stand-in, MinHash, matching) and commits. The database is kept.
 * --skip K --count C: go on filling a database that already holds the first K letters of the same N-letter stream
 * (e.g. a bench:scale --keep fill that was stopped) with the next C, so that registration is profiled at the size
 * where it is slow without filling up to it again. Earlier cases' pending steps are not carried over, and planted
 * repeats of letters before K are not counted.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { fillDatabase } from './bench-scale-fill.ts';
import { benchStream, take } from './bench-scale-letters.ts';

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '100000' },
    days: { type: 'string', default: '180' },
    db: { type: 'string' },
    skip: { type: 'string', default: '0' },
    count: { type: 'string' },
  },
});
const N = Number(values.n);
const DAYS = Number(values.days);
const DAY_MS = 86_400_000;
const TOP = 12;

type Stat = { calls: number; ms: number; rows: number };
const stats = new Map<string, Stat>();

// Every statement prepared from here on is timed: better-sqlite3 statements are plain objects.
const prepare = Database.prototype.prepare;
Database.prototype.prepare = function (this: Database.Database, sql: string) {
  const st = prepare.call(this, sql) as unknown as Record<string, (...a: unknown[]) => unknown>;
  const key = sql.replace(/\s+/g, ' ').slice(0, 110);
  for (const m of ['run', 'get', 'all', 'iterate']) {
    const f = st[m];
    st[m] = function (this: unknown, ...a: unknown[]) {
      const t = performance.now();
      let out: unknown;
      try {
        out = f.apply(this, a);
        return out;
      } finally {
        const s = stats.get(key) ?? { calls: 0, ms: 0, rows: 0 };
        s.calls++;
        s.ms += performance.now() - t;
        if (Array.isArray(out)) s.rows += out.length;
        stats.set(key, s);
      }
    };
  }
  return st as unknown as Database.Statement;
} as typeof prepare;

/** The same letters and times as bench-scale.ts for this N. */
const SKIP = Number(values.skip);
const COUNT = values.count ? Number(values.count) : N - SKIP;
function* letters(end: number, start: number) {
  let i = 0;
  for (const l of take(benchStream(N, DAYS), N, start, end)) {
    if (i++ < SKIP) continue;
    if (i > SKIP + COUNT) return;
    // A plant names its source by stream index; the fill counts from the first letter it registers.
    yield { ...l, plant: l.plant && l.plant.of >= SKIP ? { ...l.plant, of: l.plant.of - SKIP } : null };
  }
}

let last = performance.now();
let block = 0;
function report(done: number) {
  const per = (ms: number) => (ms / (done - block)).toFixed(2);
  const sql = [...stats.values()].reduce((s, v) => s + v.ms, 0);
  const wall = performance.now() - last;
  console.log(`\n${done.toLocaleString('en')}: wall ${per(wall)} ms, SQL ${per(sql)} ms a petition`);
  for (const [k, v] of [...stats.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, TOP))
    console.log(
      `  ${per(v.ms).padStart(6)} ms  ${String(v.calls).padStart(7)} calls ${String(v.rows).padStart(7)} rows  ${k}`,
    );
  stats.clear();
  last = performance.now();
  block = done;
}

const dbPath = values.db ?? join(mkdtempSync(join(tmpdir(), 'xf-bench-profile-')), 'xinfang.db');
const end = Date.now() - 60_000;
const start = end - DAYS * DAY_MS;
console.log(`profiling a fill of ${N.toLocaleString('en')} petitions into ${dbPath}`);
const fill = fillDatabase(dbPath, '6b'.repeat(32), letters(end, start), start, (s) => {
  const m = /… ([\d,]+) petitions/.exec(s);
  if (m) report(Number(m[1].replaceAll(',', '')));
  else console.log(s);
});
console.log(
  `\nfilled in ${fill.seconds.toFixed(0)} s; planted repeats found ${fill.repeats.found} / ${fill.repeats.planted}; cluster members ${fill.clusters.found} / ${fill.clusters.planted}`,
);
