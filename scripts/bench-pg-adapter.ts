/**
 * Issue 22: what one statement costs through the synchronous PostgreSQL adapter (src/store/pg) against
 * better-sqlite3 on a WAL file (as openDb opens it), and a registration-sized transaction (140 point reads,
 * 1 insert, commit). Local measurement on loopback, not a test; docs/design/postgres.md §2.2 has the probe's.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx scripts/bench-pg-adapter.ts [n=5000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Db } from '../src/store/db-types.ts';
import { PgSyncDb } from '../src/store/pg/pg-sync-db.ts';

const N = Number(process.argv[2] ?? 5_000);
const URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const ROWS = 10_000;

function percentiles(us: number[], digits = 0) {
  const s = [...us].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return `p50 ${at(0.5).toFixed(digits)} / p99 ${at(0.99).toFixed(digits)}`;
}

function time(fn: () => void, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint();
    fn();
    out.push(Number(process.hrtime.bigint() - t) / 1_000);
  }
  return out;
}

function fill(db: Db) {
  db.exec('CREATE TABLE t (id text PRIMARY KEY, n integer, text text)');
  const insert = db.prepare('INSERT INTO t (id, n, text) VALUES (?, ?, ?)');
  db.transaction(() => {
    for (let i = 0; i < ROWS; i++) insert.run(`id${i}`, i, `信访内容 ${i}`);
  })();
}

function run(label: string, db: Db) {
  fill(db);
  const get = db.prepare('SELECT * FROM t WHERE id = ?');
  const ins = db.prepare('INSERT INTO t (id, n, text) VALUES (?, ?, ?)');
  let k = 0;
  const point = time(() => get.get(`id${k++ % ROWS}`), N);
  const txs = time(
    db.transaction(() => {
      for (let i = 0; i < 140; i++) get.get(`id${(k * 7 + i) % ROWS}`);
      ins.run(`new${k++}`, 0, 'x');
    }),
    Math.max(50, Math.floor(N / 10)),
  );
  console.log(
    `${label.padEnd(22)} point read µs ${percentiles(point)}   transaction (140 reads + insert) ms ${percentiles(
      txs.map((u) => u / 1000),
      1,
    )}`,
  );
}

const dir = mkdtempSync(join(tmpdir(), 'bench-pg-'));
const lite = new Database(join(dir, 'b.db'));
lite.pragma('journal_mode = WAL');
lite.pragma('synchronous = FULL');
run('better-sqlite3 (file)', lite as unknown as Db);
lite.close();
rmSync(dir, { recursive: true, force: true });

const pg = new PgSyncDb(URL);
const schema = `bench_${process.pid}`;
pg.exec(`CREATE SCHEMA ${schema}; SET search_path TO ${schema}`);
try {
  run('PgSyncDb (loopback)', pg);
} finally {
  pg.exec(`DROP SCHEMA ${schema} CASCADE`);
  pg.close();
}
