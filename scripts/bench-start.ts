/**
 * Cold start of the service, from spawning the process to the first 200 from /healthz (not part of npm test):
 *   npm run bench:start              compiled start (node dist/src/index.js), 5 runs
 *   npm run bench:start -- --runs 9 --tsx    also time the TypeScript start through tsx, for comparison
 * Each run is a new process on a new, empty SQLite file (so migrations run), with the shipped models and
 * corpus — what an operator sees after `systemctl restart`. Builds dist/ first when it is out of date.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../src/testing/server-process.ts';

const TARGET_MS = 2000;
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 5;

/** CPU time (user + system, all threads) a process has used so far, from /proc (Linux). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
    .replace(/^.*\) /, '')
    .split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of stat)
  return (ticks * 1000) / CLOCK_TICKS;
}
const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

interface Sample {
  wall: number;
  cpu: number;
}

/**
 * Starts one process, polls /healthz every 10 ms, stops it with SIGTERM; returns the wall time to the first
 * 200 and the CPU time the process had used by then. On a busy machine the wall time includes waiting for a
 * core; the CPU time is what an idle one would need (start-up runs on one thread).
 */
async function coldStart(argv: string[]): Promise<Sample> {
  const dir = mkdtempSync(join(tmpdir(), 'xf-bench-start-'));
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, argv, {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: dir,
      DB_PATH: join(dir, 'xinfang.db'),
      PORT: String(port),
      LOG_LEVEL: 'warn',
      ADMIN_API_KEY: 'bench-start-admin-key-0001',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the service exited with ${child.exitCode}: ${err}`);
      if (performance.now() - started > 30_000) throw new Error(`no /healthz after 30 s: ${err}`);
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return { wall: performance.now() - started, cpu: cpuMs(child.pid!) };
      await new Promise((r) => setTimeout(r, 10));
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  }
}

function summary(name: string, samples: Sample[]) {
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const fmt = (t: number) => `${Math.round(t)} ms`;
  const wall = samples.map((s) => s.wall);
  const cpu = samples.map((s) => s.cpu);
  console.log(`${name}:`);
  console.log(
    `  wall to /healthz: median ${fmt(median(wall))}, min ${fmt(Math.min(...wall))}, max ${fmt(Math.max(...wall))} (${wall.map(fmt).join(', ')})`,
  );
  console.log(
    `  CPU used by then: median ${fmt(median(cpu))}, min ${fmt(Math.min(...cpu))}, max ${fmt(Math.max(...cpu))}`,
  );
  return { wall: median(wall), cpu: median(cpu) };
}

const build = spawnSync(process.execPath, ['scripts/build.mjs', '--if-needed'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

console.log(
  `node ${process.version}, ${runs} runs each, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} on ${cpus().length} cores, target ≤ ${TARGET_MS} ms to /healthz`,
);
const compiled: Sample[] = [];
for (let i = 0; i < runs; i++) compiled.push(await coldStart(['dist/src/index.js']));
const median = summary('compiled (node dist/src/index.js)', compiled);

if (args.includes('--tsx')) {
  const viaTsx: Sample[] = [];
  for (let i = 0; i < runs; i++) viaTsx.push(await coldStart(['--import', 'tsx', 'src/index.ts']));
  summary('TypeScript through tsx (node --import tsx src/index.ts)', viaTsx);
}
const within = median.wall <= TARGET_MS;
console.log(
  `${within ? 'within' : 'OVER'} the target: wall ${Math.round(median.wall)} ms ${within ? '≤' : '>'} ${TARGET_MS} ms (CPU ${Math.round(median.cpu)} ms)`,
);
process.exitCode = within ? 0 : 1;
