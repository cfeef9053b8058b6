/**
 * Load benchmark on loopback against the real server process (src/index.ts), with autocannon.
 *
 *   npx tsx scripts/bench-load.ts [--routes "POST /v1/analyze,POST /v1/petitions"] [--connections 50,200]
 *                                 [--duration 10] [--timeout 10] [--url http://127.0.0.1:8787 --key <key>] [--out file.json]
 *
 * Without --url it starts its own server on a fresh SQLite file in a temp folder (rate limiting off,
 * LOG_LEVEL=warn) and stops it afterwards. Each route × connection count runs for --duration seconds;
 * the report gives requests/s, latency p50/p99 and every non-2xx or socket error. A route that answers
 * 404 is reported as not mounted and skipped.
 *
 * --bodies real (default): every request carries a different real petition (the 2,416 messages of
 * ../shared/bench/replies, read here and never stored in the repository; fixtures/petitions.jsonl when
 * that folder is absent) and a different petitioner, as an office's day would.
 * --bodies same: one wage petition from one petitioner, again and again: a flood of identical letters,
 * where each registration is compared with every earlier one of the week (repeats, clusters).
 */
import autocannon from 'autocannon';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startServer, type ServerProcess } from '../src/testing/server-process.ts';

const TEXT =
  '我们是某建筑公司的农民工，公司拖欠我们十二个人的工资共计八万元，已经半年了，多次讨要无果，老板电话也不接，请求政府帮助追讨。';
const BODIES: Record<string, unknown> = {
  'POST /v1/petitions': {
    text: TEXT,
    title: '讨要农民工工资',
    channel: '走访',
    petitioner: { name: '王建国', phone: '13812345678' },
  },
  'POST /v1/analyze': { text: TEXT, title: '讨要农民工工资' },
  'POST /v1/draft': { text: TEXT, title: '讨要农民工工资' },
};

const { values } = parseArgs({
  options: {
    routes: { type: 'string', default: 'POST /v1/analyze,POST /v1/petitions' },
    connections: { type: 'string', default: '50,200' },
    duration: { type: 'string', default: '10' },
    // autocannon's default: a request unanswered after this many seconds counts as an error (timeout).
    timeout: { type: 'string', default: '10' },
    url: { type: 'string' },
    key: { type: 'string' },
    out: { type: 'string' },
    bodies: { type: 'string', default: 'real' },
  },
});

interface Letter {
  title?: string;
  text: string;
}

/** Real petitions to send, one after another; see the header for where they come from. */
function loadLetters(): Letter[] {
  const bench = join(import.meta.dirname, '../../shared/bench/replies/teddy-fj4-open.jsonl');
  const file = existsSync(bench) ? bench : join(import.meta.dirname, '../fixtures/petitions.jsonl');
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Letter)
    .filter((l) => l.text?.trim())
    .map((l) => ({ title: l.title?.trim().slice(0, 200) || undefined, text: l.text.trim().slice(0, 20_000) }));
}

const LETTERS = values.bodies === 'real' ? loadLetters() : [];
let sent = 0;

/** The body of the next request: a different letter and petitioner each time with --bodies real. */
function nextBody(route: string): string {
  if (!LETTERS.length) return JSON.stringify(BODIES[route] ?? { text: TEXT });
  const n = sent++;
  const letter = LETTERS[n % LETTERS.length];
  if (route !== 'POST /v1/petitions') return JSON.stringify(letter);
  const phone = `139${String(10_000_000 + (n % 90_000_000)).padStart(8, '0')}`;
  return JSON.stringify({ ...letter, channel: '网络', petitioner: { name: `来信人${n}`, phone } });
}

interface Row {
  route: string;
  connections: number;
  requests: number;
  rps: number;
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  status: Record<string, number>;
}

function run(
  url: string,
  key: string,
  route: string,
  connections: number,
  duration: number,
  timeout: number,
): Promise<Row> {
  const [method, path] = route.split(' ');
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: url + path,
        method: method as 'POST',
        connections,
        duration,
        timeout,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        requests: [{ setupRequest: (req) => (method === 'GET' ? req : { ...req, body: nextBody(route) }) }],
      },
      (err, r) => {
        if (err) return reject(err);
        const status = Object.fromEntries(
          Object.entries(r.statusCodeStats ?? {}).map(([k, v]) => [k, (v as { count: number }).count]),
        );
        resolve({
          route,
          connections,
          requests: r.requests.total,
          rps: Math.round(r.requests.average),
          p50_ms: r.latency.p50,
          p99_ms: r.latency.p99,
          max_ms: r.latency.max,
          non2xx: r.non2xx,
          errors: r.errors,
          timeouts: r.timeouts,
          status,
        });
      },
    );
  });
}

async function main() {
  let server: ServerProcess | undefined;
  let url = values.url;
  let key = values.key ?? process.env.BENCH_API_KEY ?? '';
  if (!url) {
    const dbPath = join(mkdtempSync(join(tmpdir(), 'xf-bench-')), 'xinfang.db');
    server = await startServer({ DB_PATH: dbPath, RATE_LIMIT_PER_MIN: '0', LOG_LEVEL: 'warn' }, 60_000);
    url = server.url;
    key = server.key;
    console.error(`server: ${url} (db ${dbPath})`);
  }
  const routes = values
    .routes!.split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  const conns = values.connections!.split(',').map(Number);
  const rows: Row[] = [];
  try {
    for (const route of routes) {
      const [method, path] = route.split(' ');
      const probe = await fetch(url + path, {
        method,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify(BODIES[route] ?? { text: TEXT }),
      });
      if (probe.status === 404) {
        console.error(`${route}: not mounted (404), skipped`);
        continue;
      }
      for (const c of conns) {
        const row = await run(url, key, route, c, Number(values.duration), Number(values.timeout));
        rows.push(row);
        console.error(
          `${route} c=${c}: ${row.rps} req/s, p99 ${row.p99_ms} ms, non-2xx ${row.non2xx}, errors ${row.errors}`,
        );
      }
    }
  } finally {
    server?.child.kill('SIGTERM');
    if (server) await server.exited;
  }
  // The load average says how much else was running: figures from a busy machine are not the service's own.
  const report = {
    date: new Date().toISOString(),
    bodies: values.bodies,
    machine: `${cpus().length} cores, ${cpus()[0]?.model ?? ''}`,
    loadavg_after: loadavg().map((l) => l.toFixed(1)),
    duration_s: Number(values.duration),
    timeout_s: Number(values.timeout),
    rows,
  };
  console.log(
    `machine: ${report.machine}; load average after the run: ${report.loadavg_after.join(' ')}; ${report.duration_s} s per run, client timeout ${report.timeout_s} s; bodies: ${report.bodies}${LETTERS.length ? ` (${LETTERS.length} letters)` : ''}`,
  );
  console.log('| route | connections | req/s | p50 ms | p99 ms | max ms | requests | non-2xx | errors | timeouts |');
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows)
    console.log(
      `| ${r.route} | ${r.connections} | ${r.rps} | ${r.p50_ms} | ${r.p99_ms} | ${r.max_ms} | ${r.requests} | ${r.non2xx} | ${r.errors} | ${r.timeouts} |`,
    );
  if (values.out) writeFileSync(values.out, JSON.stringify(report, null, 2));
  if (rows.some((r) => r.non2xx || r.errors || r.timeouts)) process.exitCode = 1;
}

await main();
