/**
 * Proves that a start-up change left the service's answers alone (not part of npm test). It starts the service as
 * a real process (compiled or through tsx), sends the first N petitions of ../shared/bench/replies to
 * POST /v1/analyze (similar cases on), /v1/clauses/recommend and /v1/draft, and writes every answer as one JSON
 * line to a file outside the repository; `--compare` then diffs two such files.
 *
 *   npx tsx scripts/compare-outputs.ts --out /tmp/before.jsonl [--n 300] [--entry dist/src/index.js | --tsx]
 *   npx tsx scripts/compare-outputs.ts --compare /tmp/before.jsonl /tmp/after.jsonl
 *
 * The bench rows are read at run time and never copied into the repository; the answers file holds them, so keep
 * it outside the project (the script refuses a path inside it).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { freePort } from '../src/testing/server-process.ts';

const ROOT = resolve(import.meta.dirname, '..');
const REPLIES = resolve(ROOT, '../shared/bench/replies/teddy-fj4-open.jsonl');
const KEY = 'compare-outputs-admin-key-01';
const args = process.argv.slice(2);
const opt = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);

function compare(a: string, b: string): number {
  const read = (f: string) => readFileSync(f, 'utf8').trim().split('\n');
  const [before, after] = [read(a), read(b)];
  let differ = 0;
  for (let i = 0; i < Math.max(before.length, after.length); i++) {
    if (before[i] === after[i]) continue;
    if (differ++ < 5)
      console.log(`line ${i + 1} differs:\n  ${before[i]?.slice(0, 300)}\n  ${after[i]?.slice(0, 300)}`);
  }
  console.log(`${before.length} and ${after.length} answers, ${differ} differ`);
  return differ ? 1 : 0;
}

async function record(out: string, n: number, argv: string[]): Promise<void> {
  if (!relative(ROOT, resolve(out)).startsWith('..'))
    throw new Error('write the answers outside the repository (they hold bench text)');
  const rows = readFileSync(REPLIES, 'utf8')
    .trim()
    .split('\n')
    .slice(0, n)
    .map((l) => JSON.parse(l) as { title?: string; text: string });
  const dir = mkdtempSync(join(tmpdir(), 'xf-compare-'));
  const port = await freePort();
  const child = spawn(process.execPath, argv, {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: dir,
      TMPDIR: dir,
      DB_PATH: join(dir, 'x.db'),
      PORT: String(port),
      LOG_LEVEL: 'warn',
      ADMIN_API_KEY: KEY,
      RATE_LIMIT_PER_MIN: '0',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    while (
      !(await fetch(`${url}/healthz`).then(
        (r) => r.ok,
        () => false,
      ))
    ) {
      if (child.exitCode !== null) throw new Error(`the service exited with ${child.exitCode}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const post = async (path: string, body: unknown) => {
      const r = await fetch(url + path, {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: r.status, body: await r.json() };
    };
    const lines: string[] = [];
    const started = performance.now();
    for (const [i, row] of rows.entries()) {
      const text = row.text.slice(0, 4000);
      const title = row.title?.slice(0, 100) || undefined;
      lines.push(JSON.stringify(await post('/v1/analyze', { text, title, k: 5, similar_k: 3 })));
      if (i === 0) console.log(`first /v1/analyze answered in ${Math.round(performance.now() - started)} ms`);
      lines.push(JSON.stringify(await post('/v1/clauses/recommend', { text, k: 10 })));
      if (i % 10 === 0) lines.push(JSON.stringify(await post('/v1/draft', { text, title })));
    }
    writeFileSync(out, lines.join('\n') + '\n');
    console.log(`${rows.length} petitions, ${lines.length} answers → ${out}`);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}

const cmp = args.indexOf('--compare');
if (cmp >= 0) process.exitCode = compare(args[cmp + 1], args[cmp + 2]);
else {
  const out = opt('--out');
  if (!out) throw new Error('usage: --out FILE [--n 300] [--entry dist/src/index.js | --tsx]  or  --compare A B');
  await record(
    out,
    Number(opt('--n') ?? 300),
    args.includes('--tsx') ? ['--import', 'tsx', 'src/index.ts'] : [opt('--entry') ?? 'dist/src/index.js'],
  );
}
