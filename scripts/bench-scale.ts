/**
 * Issue 24: what registration, pages, search, export and verify cost as the register grows. Not a test.
 *
 *   npm run bench:scale -- --n 10000 [--days 180] [--clients 16] [--duration 30] [--runs 3] [--db path --keep] [--out file.json]
 *
 * 1. Fills a fresh SQLite file with N synthetic-but-realistic petitions received over --days days up to now
 *    (scripts/bench-scale-letters.ts: sentences of the open bench recombined, planted repeats and clusters)
 *    through the case service's registration in batches (scripts/bench-scale-fill.ts), and reports whether the
 *    service found every planted repeat (repeat finder) and cluster member (same cluster as its source).
 * 2. Starts the real service (src/index.ts, real analysis, synchronous = FULL) on that file and measures over
 *    HTTP on loopback: registrations by --clients concurrent clients for --duration seconds, --runs times (each
 *    run's throughput, p50 and p99, and the run with the median throughput: one run of the same command varied by
 *    12–26 % between repeats on this shared machine), one registration on the idle server, each page, search, a
 *    CSV export and the full verify.
 * 3. Prints the database size and a Markdown table. The machine (cores, load) is printed with the figures.
 * --db path: use (and with --keep, keep) this file; when it already holds petitions the fill is skipped.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { startServer } from '../src/testing/server-process.ts';
import { acknowledgeOpenAlerts, fillDatabase, type FillResult } from './bench-scale-fill.ts';
import { benchStream, type ScaleLetter, take } from './bench-scale-letters.ts';

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '10000' },
    days: { type: 'string', default: '180' },
    clients: { type: 'string', default: '16' },
    duration: { type: 'string', default: '30' },
    runs: { type: 'string', default: '3' },
    db: { type: 'string' },
    keep: { type: 'boolean', default: false },
    out: { type: 'string' },
    // Registrations only (no pages, export or verify): for an A/B of the registration path on one database.
    'load-only': { type: 'boolean', default: false },
  },
});
const N = Number(values.n);
const DAYS = Number(values.days);
const CLIENTS = Number(values.clients);
const DURATION_MS = Number(values.duration) * 1000;
const RUNS = Number(values.runs);
const PII_KEY = '6b'.repeat(32);
const ADMIN = 'xf_bench-scale-admin-0123456789abcdef';
const DAY_MS = 86_400_000;

/** One count read from the file on a handle of its own, closed at once (the server under test opens the file later). */
function countIn(path: string, sql: string, ...params: unknown[]): number {
  const db = new Database(path, { readonly: true });
  try {
    return db
      .prepare(sql)
      .pluck()
      .get(...params) as number;
  } finally {
    db.close();
  }
}

/** CPU time (user + system) the process has used so far, from /proc (Linux); NaN elsewhere. */
function serverCpuMs(pid: number | undefined): number {
  try {
    // Fields 14 and 15 of /proc/PID/stat, counted after the command name's closing parenthesis.
    const rest = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(rest[11]) + Number(rest[12])) * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return NaN;
  }
}

const pct = (xs: number[], p: number) =>
  xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] : NaN;
const ms = (x: number) => (x >= 100 ? `${x.toFixed(0)} ms` : `${x.toFixed(1)} ms`);
const machine = () =>
  `${cpus().length} cores (${cpus()[0]?.model ?? '?'}), shared with other helpers' work; load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}; node ${process.version}`;

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'xf-bench-scale-'));
  const dbPath = values.db ?? join(dir, 'xinfang.db');
  console.log(`machine: ${machine()}`);
  const end = Date.now() - 60_000;
  const start = end - DAYS * DAY_MS;
  const letters = benchStream(N, DAYS); // the tail feeds the HTTP registrations
  const held = existsSync(dbPath) ? countIn(dbPath, 'SELECT COUNT(*) FROM petitions') : 0;
  let fill: FillResult | null = null;
  if (!held) {
    console.log(`filling ${N.toLocaleString('en')} petitions over ${DAYS} days …`);
    fill = fillDatabase(dbPath, PII_KEY, take(letters, N, start, end), start, console.log);
    console.log(
      `filled in ${fill.seconds.toFixed(0)} s (${(N / fill.seconds).toFixed(0)} petitions/s, batches of 500 a transaction)`,
    );
    console.log(
      `planted repeats found ${fill.repeats.found} / ${fill.repeats.planted}; planted cluster members found ${fill.clusters.found} / ${fill.clusters.planted}`,
    );
  } else {
    for (let i = 0; i < N; i++) letters.next();
    console.log(`using ${dbPath}: ${held.toLocaleString('en')} petitions already there`);
    // Every run registers petitions received now: on a reused file the recent week grows run by run, and with it
    // the work per registration (candidates to check), so a small file measured again is no longer a small file.
    const weekAgo = new Date(Date.now() - 7 * DAY_MS).toISOString();
    const week = countIn(dbPath, 'SELECT COUNT(*) FROM petitions WHERE received_at >= ?', weekAgo);
    const filledWeek = Math.round((N * 7) / DAYS);
    console.log(
      `  of them received in the last 7 days: ${week.toLocaleString('en')} (a fresh fill: about ${filledWeek.toLocaleString('en')})`,
    );
    if (week > 1.5 * filledWeek)
      console.log('  WARNING: earlier runs have raised the weekly density; fill a fresh file to measure N');
    const acked = acknowledgeOpenAlerts(dbPath, PII_KEY);
    if (acked) console.log(`acknowledged ${acked.toLocaleString('en')} open alerts first (as dispatch would)`);
  }
  const ids = new Database(dbPath, { readonly: true })
    .prepare('SELECT id FROM petitions ORDER BY random() LIMIT 12')
    .pluck()
    .all() as string[];

  const server = await startServer({
    DB_PATH: dbPath,
    PII_KEY,
    ADMIN_API_KEY: ADMIN,
    LOG_LEVEL: 'error',
    // The measured server's SQLite settings, when the caller sets them (an A/B on the same database).
    ...Object.fromEntries(
      ['SQLITE_CACHE_MIB', 'SQLITE_CHECKPOINT', 'SQLITE_GROUP_COMMIT_MS'].flatMap((k) =>
        process.env[k] ? [[k, process.env[k]]] : [],
      ),
    ),
    // CPU_PROFILE_DIR=dir profiles the measured server (scripts/cpu-profile-hook.mjs; written when it stops).
    ...(process.env.CPU_PROFILE_DIR
      ? {
          NODE_OPTIONS: `--import ${join(import.meta.dirname, 'cpu-profile-hook.mjs')}`,
          CPU_PROFILE_DIR: process.env.CPU_PROFILE_DIR,
        }
      : {}),
  });
  const results: Record<string, { p50: number; p99?: number; max: number; n: number }> = {};
  try {
    const post = (l: ScaleLetter) =>
      fetch(`${server.url}/v1/petitions`, {
        method: 'POST',
        headers: { ...server.auth, 'content-type': 'application/json' },
        body: JSON.stringify({
          title: l.title ?? undefined,
          text: l.text,
          channel: l.channel,
          location: l.location ?? undefined,
          attachments: [],
          petitioner: l.phone ? { name: '赵某', phone: l.phone } : undefined,
        }),
      });
    const next = () => letters.next().value as ScaleLetter;
    await (await post(next())).text(); // warm-up: models and templates

    // Registrations under load: CLIENTS clients, each sending the next letter as soon as the last is answered.
    const loadRun = async () => {
      const lat: number[] = [];
      let failed = 0;
      const cpu0 = serverCpuMs(server.child.pid);
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: CLIENTS }, async () => {
          while (performance.now() - t0 < DURATION_MS) {
            const s = performance.now();
            const res = await post(next());
            await res.text();
            if (res.status === 201) lat.push(performance.now() - s);
            else failed++;
          }
        }),
      );
      const seconds = (performance.now() - t0) / 1000;
      // The server is one thread: CPU per registration below the wall time per registration is time spent waiting
      // (fsync, disk), not computing.
      const cpuMs = serverCpuMs(server.child.pid) - cpu0;
      const run = {
        cpuPerRegistration: cpuMs / lat.length,
        serverBusy: cpuMs / 1000 / seconds,
        throughput: lat.length / seconds,
        p50: pct(lat, 50),
        p99: pct(lat, 99),
        max: Math.max(...lat),
        n: lat.length,
      };
      console.log(
        `registration under load: ${lat.length} in ${seconds.toFixed(1)} s = ${run.throughput.toFixed(1)}/s, p50 ${ms(run.p50)}, p99 ${ms(run.p99)}, failed ${failed}; server CPU ${ms(run.cpuPerRegistration)} a registration, busy ${(100 * run.serverBusy).toFixed(0)} %`,
      );
      return run;
    };
    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      if (i) await new Promise((r) => setTimeout(r, 5000));
      runs.push(await loadRun());
    }
    // Each run adds its registrations to the register (about 1,500 at 10k): the median run, not the mean.
    const median = [...runs].sort((a, b) => a.throughput - b.throughput)[Math.floor((runs.length - 1) / 2)];
    const throughput = median.throughput;
    results.load = { p50: median.p50, p99: median.p99, max: median.max, n: median.n };
    if (runs.length > 1)
      console.log(
        `registration under load, median of ${runs.length} runs: ${throughput.toFixed(1)}/s (runs: ${runs.map((r) => r.throughput.toFixed(1)).join(', ')})`,
      );

    if (values['load-only']) {
      if (values.out)
        writeFileSync(values.out, JSON.stringify({ n: N, machine: machine(), throughput, runs }, null, 2));
      return;
    }
    await new Promise((r) => setTimeout(r, 2000));
    const time = async (
      label: string,
      paths: string[],
      runs: number,
      check: (status: number) => boolean = (s) => s === 200,
    ) => {
      const xs: number[] = [];
      let last = '';
      await (await fetch(`${server.url}${paths[0]}`, { headers: server.auth })).arrayBuffer(); // warm-up
      for (let i = 0; i < runs; i++) {
        const path = paths[i % paths.length];
        const s = performance.now();
        const res = await fetch(`${server.url}${path}`, { headers: server.auth });
        last = await res.text();
        if (!check(res.status)) throw new Error(`${path}: ${res.status}`);
        xs.push(performance.now() - s);
      }
      results[label] = { p50: pct(xs, 50), max: Math.max(...xs), n: xs.length };
      console.log(`${label}: p50 ${ms(results[label].p50)}, max ${ms(results[label].max)} (${runs} requests)`);
      return last; // the last answer's body
    };
    const idle: number[] = [];
    for (let i = 0; i < 10; i++) {
      const s = performance.now();
      const res = await post(next());
      await res.text();
      if (res.status === 201) idle.push(performance.now() - s);
    }
    results.idle = { p50: pct(idle, 50), max: Math.max(...idle), n: idle.length };
    console.log(`one registration, idle server: p50 ${ms(results.idle.p50)}, max ${ms(results.idle.max)} (10)`);
    const week = new Date(Date.now() + 8 * 3600_000 - 7 * DAY_MS).toISOString().slice(0, 10);
    await time('/dashboard', ['/dashboard'], 10);
    await time('/supervision', ['/supervision'], 10);
    await time(
      '/petitions/:id',
      ids.map((id) => `/petitions/${id}`),
      12,
    );
    await time('/petitions (case list)', ['/petitions'], 10);
    // Search cost grows with the petitions that match (the count is exact): print how many there are.
    for (const q of ['工资', '欠', '拖欠工资']) {
      const path = `/v1/petitions?q=${encodeURIComponent(q)}`;
      await time(`/v1/petitions?q=${q}`, [path], 10);
      const { total } = (await (await fetch(`${server.url}${path}`, { headers: server.auth })).json()) as {
        total: number;
      };
      console.log(`  ${q}: ${total.toLocaleString('en')} petitions match`);
    }
    await time(
      `export (/v1/exports/petitions.csv, received the last 7 days)`,
      [`/v1/exports/petitions.csv?from=${week}`],
      3,
    );
    // The last timed answer says whether the chain held (a full verify takes minutes at 1M: not run a fourth time).
    const verify = JSON.parse(await time('/v1/audit/verify (full)', ['/v1/audit/verify'], 3)) as {
      ok: boolean;
      events: number;
    };
    console.log(`verify: ok=${verify.ok} over ${verify.events} events`);

    const size = ['', '-wal'].reduce((s, x) => s + (existsSync(dbPath + x) ? statSync(dbPath + x).size : 0), 0);
    console.log(`database: ${(size / 1e6).toFixed(0)} MB (file + WAL)`);
    // Other work on a shared machine changes during a run: the load at the end bounds the figures too.
    console.log(`machine at the end: ${machine()}`);
    console.log(`\n| N = ${N.toLocaleString('en')} | p50 | p99 / max |\n|---|---|---|`);
    console.log(
      `| registration, ${CLIENTS} clients | ${throughput.toFixed(1)}/s | p50 ${ms(results.load.p50)}, p99 ${ms(results.load.p99!)} |`,
    );
    for (const [k, v] of Object.entries(results))
      if (k !== 'load')
        console.log(`| ${k === 'idle' ? 'one registration, idle' : k} | ${ms(v.p50)} | max ${ms(v.max)} |`);
    if (values.out)
      writeFileSync(
        values.out,
        JSON.stringify(
          { n: N, machine: machine(), fill, throughput, runs, results, size, verify },
          (k, v) => (k === 'ids' ? undefined : v),
          2,
        ),
      );
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
    if (!values.keep) rmSync(dir, { recursive: true, force: true });
  }
}

await main();
