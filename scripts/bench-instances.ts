/**
 * Issue 22, step 7: one instance on SQLite, one on PostgreSQL, and two on one PostgreSQL schema behind a
 * round-robin proxy, under the same workload. Not a test.
 *
 *   nice -n 19 npx tsx scripts/bench-instances.ts --n 1500 --clients 8 --configs sqlite,pg,pg2,pg-proxy \
 *     --database-url postgres://postgres@127.0.0.1:5432/test
 *
 * is the run recorded in README (运行多个实例) and docs/design/postgres.md §7.8, on a busy 2-core machine; re-run it
 * unchanged on an idle one. Other options: --reads R (reads after each registration, default 1), --out file.json;
 * --configs defaults to sqlite,pg,pg2.
 *
 * Workload (scripts/bench-instances-workload.ts): --clients concurrent clients register --n letters (sentences of
 * ../shared/bench recombined at run time, the same letters in the same order for every configuration) and make
 * --reads reads after each registration: a petition's page, the list, a search, in turn. Reported per
 * configuration: requests/s, registrations/s, p50/p99 of all requests and of each kind, every unexpected answer,
 * the load average at its start and end; then whether the case file verifies and the petition count is right.
 * The client is this process, on the same machine as the instances, the proxy and PostgreSQL (loopback): they
 * share its cores, so the figures are those of the whole set-up on one machine, not of a service alone.
 *
 * Configurations: sqlite (a fresh file), pg (one instance), pg2 (two instances behind scripts/ops/round-robin-proxy.ts
 * in its own process), pg-proxy (one instance behind the proxy: what the proxy hop itself costs). Each PostgreSQL
 * configuration gets a fresh schema bench_<random> of --database-url (default BENCH_DATABASE_URL, then
 * TEST_DATABASE_URL), dropped afterwards; the instances find it through the URL (options=-csearch_path%3D…).
 *
 * Instances share PII_KEY and ADMIN_API_KEY, as a deployment must; rate limiting is off (its buckets are per process).
 * Every instance is src/index.ts (what `npm start` runs); with DATABASE_URL set it opens PostgreSQL and applies
 * migrations-pg under the advisory lock (src/store/open-store.ts).
 */
import { randomBytes } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, getPriority, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PgSyncDb } from '../src/store/pg/pg-sync-db.ts';
import { freePort, startServer, type ServerProcess } from '../src/testing/server-process.ts';
import { letterBodies, runWorkload, WARM_UP, type WorkloadResult } from './bench-instances-workload.ts';

const PII_KEY = '5c'.repeat(32);
const ADMIN = 'xf_bench-instances-admin-0123456789';

const CONFIGS = {
  sqlite: { label: '(a) 1 instance, SQLite', instances: 1, pg: false, proxy: false },
  pg: { label: '(b) 1 instance, PostgreSQL', instances: 1, pg: true, proxy: false },
  pg2: { label: '(c) 2 instances, one PostgreSQL schema, round-robin proxy', instances: 2, pg: true, proxy: true },
  'pg-proxy': { label: "(b') 1 instance, PostgreSQL, behind the proxy", instances: 1, pg: true, proxy: true },
} as const;
type ConfigName = keyof typeof CONFIGS;

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '1500' },
    clients: { type: 'string', default: '8' },
    reads: { type: 'string', default: '1' },
    configs: { type: 'string', default: 'sqlite,pg,pg2' },
    'database-url': { type: 'string' },
    out: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
const USAGE = `usage (the run recorded in README 运行多个实例 and docs/design/postgres.md §7.8):
  nice -n 19 npx tsx scripts/bench-instances.ts --n 1500 --clients 8 --configs sqlite,pg,pg2,pg-proxy \\
    --database-url postgres://postgres@127.0.0.1:5432/test
options: --reads R (default 1), --out file.json; --database-url defaults to BENCH_DATABASE_URL, then TEST_DATABASE_URL`;
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const N = Number(values.n);
const CLIENTS = Number(values.clients);
const READS = Number(values.reads);
const DATABASE_URL = values['database-url'] ?? process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;

const load = () => loadavg().map((l) => Number(l.toFixed(2)));
const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));

/** Everything a configuration started, stopped in reverse order even when the run fails or is interrupted. */
const cleanups: (() => Promise<void> | void)[] = [];
async function cleanUp() {
  for (const c of cleanups.splice(0).reverse()) {
    try {
      await c();
    } catch (e) {
      console.error(`clean-up: ${String(e)}`);
    }
  }
}
process.on('SIGINT', () => void cleanUp().then(() => process.exit(130)));

/** DATABASE_URL pointing at one schema: libpq's options parameter sets search_path for every connection. */
function withSchema(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.delete('options');
  return `${u.toString()}${u.search ? '&' : '?'}options=-csearch_path%3D${schema}`;
}

/** Starts the round-robin proxy in its own process and resolves with its URL. */
async function startProxy(backends: string[]): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const args = ['--import', 'tsx', 'scripts/ops/round-robin-proxy.ts', '--port', String(port), ...backends];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d) => String(d).includes('round-robin proxy on') && resolve());
    child.on('exit', (code) => reject(new Error(`proxy exited (${code})`)));
  });
  return { url: `http://127.0.0.1:${port}`, child };
}

interface Row {
  config: ConfigName;
  label: string;
  load_start: number[];
  load_end?: number[];
  startup_s?: number;
  result?: WorkloadResult;
  petitions?: number;
  verify_ok?: boolean;
  error?: string;
}

async function runConfig(name: ConfigName, bodies: string[]): Promise<Row> {
  const cfg = CONFIGS[name];
  const row: Row = { config: name, label: cfg.label, load_start: load() };
  const dir = mkdtempSync(join(tmpdir(), 'xf-bench-instances-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  try {
    const env: Record<string, string> = { PII_KEY, ADMIN_API_KEY: ADMIN, LOG_LEVEL: 'error' };
    if (cfg.pg) {
      if (!DATABASE_URL) throw new Error('no --database-url (or BENCH_DATABASE_URL / TEST_DATABASE_URL)');
      const schema = `bench_${randomBytes(5).toString('hex')}`;
      const admin = new PgSyncDb(DATABASE_URL);
      admin.exec(`CREATE SCHEMA ${schema}`);
      admin.close();
      cleanups.push(() => {
        const db = new PgSyncDb(DATABASE_URL);
        db.exec(`DROP SCHEMA ${schema} CASCADE`);
        db.close();
      });
      env.DATABASE_URL = withSchema(DATABASE_URL, schema);
    }
    const t0 = performance.now();
    // Started together, as a deployment does: on PostgreSQL they queue on the migration lock.
    const servers: ServerProcess[] = await Promise.all(
      Array.from({ length: cfg.instances }, (_, i) =>
        startServer({ ...env, DB_PATH: join(dir, `instance-${i}`, 'xinfang.db') }, 300_000),
      ),
    );
    for (const s of servers)
      cleanups.push(async () => {
        s.child.kill('SIGTERM');
        await s.exited;
      });
    row.startup_s = (performance.now() - t0) / 1000;
    let url = servers[0].url;
    if (cfg.proxy) {
      const proxy = await startProxy(servers.map((s) => s.url));
      cleanups.push(() => void proxy.child.kill('SIGTERM'));
      url = proxy.url;
    }
    const auth = { authorization: `Bearer ${ADMIN}` };
    try {
      row.result = await runWorkload({ url, auth, bodies, clients: CLIENTS, reads: READS });
    } finally {
      // The instances log errors only (LOG_LEVEL=error): what they said explains any failed request.
      for (const [i, s] of servers.entries())
        if (s.output().trim()) console.error(`instance ${i} said:\n${s.output().slice(-3000)}`);
    }
    row.load_end = load();
    const list = (await (await fetch(`${url}/v1/petitions?limit=1`, { headers: auth })).json()) as { total: number };
    row.petitions = list.total;
    const verify = (await (await fetch(`${url}/v1/audit/verify`, { headers: auth })).json()) as { ok: boolean };
    row.verify_ok = verify.ok;
  } catch (e) {
    row.error = e instanceof Error ? e.message.slice(0, 2000) : String(e);
    row.load_end ??= load();
  } finally {
    await cleanUp();
  }
  return row;
}

/** PostgreSQL's version and durability settings, which the figures depend on. */
function pgInfo(): string {
  if (!DATABASE_URL) return 'none';
  const db = new PgSyncDb(DATABASE_URL);
  try {
    const get = (q: string) => String(db.prepare(q).pluck().get());
    return `PostgreSQL ${get('SHOW server_version')} on ${new URL(DATABASE_URL).host}, synchronous_commit ${get('SHOW synchronous_commit')}, fsync ${get('SHOW fsync')}`;
  } finally {
    db.close();
  }
}

function report(rows: Row[], setup: Record<string, unknown>) {
  for (const [k, v] of Object.entries(setup)) console.log(`${k}: ${v}`);
  console.log(
    '\n| configuration | requests/s | registrations/s | all p50 / p99 ms | register p50 / p99 | page p50 / p99 | list p50 / p99 | search p50 / p99 | errors | load start → end | start-up s | petitions, verify |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const loads = `${r.load_start.join(' ')} → ${r.load_end?.join(' ') ?? '?'}`;
    if (!r.result) {
      console.log(`| ${r.label} | failed: ${r.error} | | | | | | | | ${loads} | | |`);
      continue;
    }
    const x = r.result;
    const k = (s: { p50: number; p99: number }) => `${ms(s.p50)} / ${ms(s.p99)}`;
    const errors =
      Object.entries(x.errors)
        .map(([e, c]) => `${e}: ${c}`)
        .join(', ') || '0';
    console.log(
      `| ${r.label} | ${x.requestsPerS.toFixed(1)} | ${x.registrationsPerS.toFixed(1)} | ${k(x.all)} | ${k(x.kinds.register)} | ${k(x.kinds.page)} | ${k(x.kinds.list)} | ${k(x.kinds.search)} | ${errors} | ${loads} | ${r.startup_s?.toFixed(1)} | ${r.petitions}, ${r.verify_ok ? 'ok' : 'FAILED'} |`,
    );
  }
}

async function main() {
  const names = values.configs!.split(',').map((s) => s.trim()) as ConfigName[];
  for (const n of names) if (!CONFIGS[n]) throw new Error(`unknown configuration ${n}; known: ${Object.keys(CONFIGS)}`);
  const setup = {
    command: `nice -n ${getPriority()} npx tsx scripts/bench-instances.ts ${process.argv.slice(2).join(' ')}`.trim(),
    date: new Date().toISOString(),
    machine: `${cpus().length} cores (${cpus()[0]?.model ?? '?'}), node ${process.version}, load average at start ${load().join(' ')}`,
    client:
      'this process (fetch, keep-alive) on the same machine as the instances, the proxy and PostgreSQL, over loopback',
    database: pgInfo(),
    workload: `${N} registrations (+${WARM_UP} warm-up) by ${CLIENTS} clients, ${READS} read(s) after each (page, list, search in turn)`,
  };
  console.log(`${setup.machine}\n${setup.database}`);
  const bodies = letterBodies(N);
  const rows: Row[] = [];
  for (const name of names) {
    console.log(`${CONFIGS[name].label} …`);
    const row = await runConfig(name, bodies);
    rows.push(row);
    console.log(
      row.result
        ? `  ${row.result.requestsPerS.toFixed(1)} requests/s, ${row.result.registrationsPerS.toFixed(1)} registrations/s, p99 ${ms(row.result.all.p99)} ms, load ${row.load_start.join(' ')} → ${row.load_end?.join(' ')}`
        : `  failed: ${row.error}`,
    );
    for (const [k, v] of Object.entries(row.result?.samples ?? {})) console.log(`  first ${k}: ${v}`);
  }
  console.log('');
  report(rows, { ...setup, 'load average at the end': load().join(' ') });
  if (values.out) writeFileSync(values.out, JSON.stringify({ ...setup, rows }, null, 2));
  if (rows.some((r) => r.error || !r.verify_ok || Object.keys(r.result?.errors ?? {}).length)) process.exitCode = 1;
}

await main();
