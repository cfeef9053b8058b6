// One instance appending to the case file on a shared PostgreSQL schema, for the two-process chain test:
// argv = database URL, schema, wall-clock start (ms, so both processes begin together), transactions.
// Each transaction appends, does other reads, and appends again, as a registration does. CHAIN_LOCK=off replaces
// the chain lock with `SELECT 1` (to show the test fails without it). Prints one JSON line of counts and timings.
import { systemClock } from '../../clock.ts';
import type { Statement } from '../../store/db.ts';
import { PgSyncDb } from '../../store/pg/pg-sync-db.ts';
import { createEventLog } from '../event-log.ts';

const [url, schema, startAt, count] = process.argv.slice(2);
const lockOff = process.env.CHAIN_LOCK === 'off';
const db = new PgSyncDb(url);
db.exec(`SET search_path TO ${schema}`);

const lockMs: number[] = [];
/** Times (or, with CHAIN_LOCK=off, disables) the chain lock statement of store/events-repo.ts. */
const prepare = db.prepare.bind(db) as (sql: string) => Statement;
(db as { prepare: unknown }).prepare = (sql: string) => {
  if (!sql.includes('pg_advisory_xact_lock')) return prepare(sql);
  const st = prepare(lockOff ? 'SELECT 1' : sql);
  const get = st.get.bind(st);
  st.get = (...params: unknown[]) => {
    const t0 = performance.now();
    const row = get(...params);
    lockMs.push(performance.now() - t0);
    return row;
  };
  return st;
};

const log = createEventLog(db, systemClock);
const reads = ['SELECT COUNT(*) FROM petitions', 'SELECT COUNT(*) FROM alerts', 'SELECT COUNT(*) FROM departments'];
const registration = db.transaction((i: number) => {
  log.append({
    petitionId: null,
    type: 'department_added',
    actor: `pid ${process.pid}`,
    payload: { id: `d${i}`, name: '甲' },
  });
  for (const sql of reads) db.prepare(sql).get();
  log.append({ petitionId: null, type: 'key_revoked', actor: `pid ${process.pid}`, payload: { key_id: `k${i}` } });
});

await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startAt) - Date.now())));
const txMs: number[] = [];
const errors: Record<string, number> = {};
const t0 = performance.now();
for (let i = 0; i < Number(count); i++) {
  const t = performance.now();
  try {
    registration(i);
    txMs.push(performance.now() - t);
  } catch (e) {
    const code = String((e as { code?: unknown }).code ?? (e as Error).message);
    errors[code] = (errors[code] ?? 0) + 1;
  }
}
const totalMs = performance.now() - t0;
db.close();
const p = (xs: number[], q: number) =>
  xs.sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? 0;
process.stdout.write(
  `${JSON.stringify({ committed: txMs.length, errors, totalMs, txP50: p(txMs, 0.5), txP99: p(txMs, 0.99), lockP50: p(lockMs, 0.5), lockP99: p(lockMs, 0.99) })}\n`,
);
