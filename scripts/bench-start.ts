/**
 * Cold start of the service, from spawning the process to the first 200 from /healthz (not part of npm test):
 *   npm run bench:start              compiled start (node dist/src/index.js), 5 runs
 *   npm run bench:start -- --runs 9 --tsx    also time the TypeScript start through tsx, for comparison
 * Each run is a new process on a new, empty SQLite file (so migrations run), with the shipped models and
 * corpus — what an operator sees after `systemctl restart`. Builds dist/ first when it is out of date.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../src/testing/server-process.ts';

const TARGET_MS = 2000;
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 5;

/** Starts one process, polls /healthz every 10 ms, stops it with SIGTERM; returns ms to the first 200. */
async function coldStart(argv: string[]): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'xf-bench-start-'));
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, argv, {
    env: { PATH: process.env.PATH ?? '', HOME: dir, DB_PATH: join(dir, 'xinfang.db'), PORT: String(port), LOG_LEVEL: 'warn', ADMIN_API_KEY: 'bench-start-admin-key-0001' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the service exited with ${child.exitCode}: ${err}`);
      if (performance.now() - started > 30_000) throw new Error(`no /healthz after 30 s: ${err}`);
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
      if (ok) return performance.now() - started;
      await new Promise((r) => setTimeout(r, 10));
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  }
}

function summary(name: string, times: number[]) {
  const s = [...times].sort((a, b) => a - b);
  const median = s[Math.floor(s.length / 2)];
  const fmt = (t: number) => `${Math.round(t)} ms`;
  console.log(`${name}: median ${fmt(median)}, min ${fmt(s[0])}, max ${fmt(s[s.length - 1])} over ${s.length} runs (${s.map(fmt).join(', ')})`);
  return median;
}

const build = spawnSync(process.execPath, ['scripts/build.mjs', '--if-needed'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

console.log(`node ${process.version}, ${runs} runs each, target ≤ ${TARGET_MS} ms to /healthz`);
const compiled: number[] = [];
for (let i = 0; i < runs; i++) compiled.push(await coldStart(['dist/src/index.js']));
const median = summary('compiled (node dist/src/index.js)', compiled);

if (args.includes('--tsx')) {
  const viaTsx: number[] = [];
  for (let i = 0; i < runs; i++) viaTsx.push(await coldStart(['--import', 'tsx', 'src/index.ts']));
  summary('TypeScript through tsx (node --import tsx src/index.ts)', viaTsx);
}
console.log(median <= TARGET_MS ? `within the target (${Math.round(median)} ≤ ${TARGET_MS} ms)` : `OVER the target (${Math.round(median)} > ${TARGET_MS} ms)`);
process.exitCode = median <= TARGET_MS ? 0 : 1;
