import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluate, type EvaluateOptions } from './evaluate.ts';
import { CASES_FILE } from './partial.ts';
import { openRequestCache } from './targets/cache.ts';
import { createHttpTarget } from './targets/http.ts';
import type { Report } from './types.ts';

const ROOT = join(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'eval-resume-'));
const children = new Set<ChildProcess>();

// 40 self-written rows; #slow makes each answer take 30 ms so the kill lands mid-run.
const ROWS = Array.from({ length: 40 }, (_, i) => ({
  id: `r${i}`,
  text: `${['气死了', '很开心', '我害怕', '好难过'][i % 4]} ${i} #slow`,
  label: ['angry', 'happy', 'fear', 'sad'][i % 4],
}));
const DATA = join(dir, 'rows.jsonl');
writeFileSync(DATA, ROWS.map((r) => JSON.stringify(r)).join('\n'));

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as { port: number };
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** The scripted entry as its own process, so it can be killed like a real entry going down. */
async function startEntryProcess(port: number): Promise<ChildProcess> {
  // Its own process group: tsx runs the server in a child node process, and a kill must reach both.
  const child = spawn(join(ROOT, 'node_modules/.bin/tsx'), ['eval/testing/scripted-server.ts', String(port)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  });
  children.add(child);
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (b: Buffer) => b.toString().includes('scripted entry on') && resolve());
    child.on('exit', (code) => reject(new Error(`entry exited ${code}`)));
  });
  return child;
}

const kill = (c: ChildProcess) => {
  try {
    process.kill(-c.pid!, 'SIGKILL');
  } catch {
    // already gone
  }
};

const linesIn = (file: string) =>
  existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).length : 0;
const figures = (r: Report) =>
  Object.fromEntries(Object.entries(r.summary.metrics).filter(([k]) => !/_ms$|throughput/.test(k)));

afterAll(() => {
  for (const c of children) kill(c);
});

describe('a run interrupted by killing the target', () => {
  it('records the outage as errors, then --resume asks only for those cases and completes the report', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const out = join(dir, 'run');
    const base: EvaluateOptions = {
      task: 'emotion',
      data: DATA,
      root: ROOT,
      corpusDir: join(ROOT, 'corpus'),
      concurrency: 1,
      timeoutMs: 2000,
      out,
      target: createHttpTarget(url),
    };
    const entry = await startEntryProcess(port);
    // Kill the entry once 10 cases are on disk: the cases are written as they finish.
    const watch = setInterval(() => linesIn(join(out, CASES_FILE)) >= 10 && kill(entry), 5);
    const first = await evaluate(base);
    clearInterval(watch);
    const answered = first.cases.filter((c) => c.error === null).length;
    expect(answered).toBeGreaterThanOrEqual(10);
    expect(answered).toBeLessThan(40);
    expect(first.cases.find((c) => c.error)?.error).toMatch(/request_failed/);

    await startEntryProcess(port);
    const cache = openRequestCache(join(dir, 'cache.sqlite'));
    const resumed = await evaluate({ ...base, resume: true, cache });
    expect(resumed.meta.cache).toEqual({ hits: 0, misses: 40 - answered, resumed: answered });
    expect(resumed.summary.metrics).toMatchObject({ n: 40, errors: 0 });
    expect(resumed.cases.map((c) => c.id)).toEqual(ROWS.map((r) => r.id));

    // The same figures as a run that was never interrupted; a second run is answered by the cache.
    const clean = await evaluate({ ...base, out: join(dir, 'clean'), cache });
    expect(figures(resumed)).toEqual(figures(clean));
    expect(clean.meta.cache).toMatchObject({ hits: 40 - answered, misses: answered });
    cache.close();
  }, 60_000);

  it('skips a line cut off by a killed harness and runs that case again', async () => {
    const out = join(dir, 'run');
    const file = join(out, CASES_FILE);
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    // As if the harness died while writing the last case: its line is cut in half.
    writeFileSync(file, `${lines.slice(0, -1).join('\n')}\n${lines.at(-1)!.slice(0, 40)}`);
    const lost = JSON.parse(lines.at(-1)!).id as string;
    const opts: EvaluateOptions = {
      task: 'emotion',
      data: DATA,
      root: ROOT,
      corpusDir: join(ROOT, 'corpus'),
      concurrency: 1,
      timeoutMs: 500,
      out,
      target: createHttpTarget('http://127.0.0.1:1'),
    };
    const r = await evaluate({ ...opts, resume: true });
    expect(r.meta.cache).toMatchObject({ resumed: 39 });
    expect(r.cases.filter((c) => c.error).map((c) => c.id)).toEqual([lost]);
  });

  it('refuses to resume a folder that holds a run over other data', async () => {
    const other = join(dir, 'other.jsonl');
    writeFileSync(other, JSON.stringify(ROWS[0]));
    const opts: EvaluateOptions = {
      task: 'emotion',
      data: other,
      root: ROOT,
      corpusDir: join(ROOT, 'corpus'),
      concurrency: 1,
      timeoutMs: 500,
      out: join(dir, 'run'),
      target: createHttpTarget('http://127.0.0.1:1'),
    };
    await expect(evaluate({ ...opts, resume: true })).rejects.toThrow(/cannot --resume .* data files changed/);
  });
});
