import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { runCli } from './testing/run-cli.ts';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScriptedServer, type ScriptedServer } from './testing/scripted-server.ts';

const _ROOT = join(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'eval-cli-'));
let server: ScriptedServer;

const cli = runCli;

beforeAll(async () => {
  server = await startScriptedServer();
  writeFileSync(
    join(dir, 'rows.jsonl'),
    [
      '{"id":"a","text":"气死了","label":"angry"}',
      '{"id":"b","text":"平常","label":"sad"}',
      '{"id":"c","text":"x #500","label":"fear"}',
    ].join('\n'),
  );
  const suite = (name: string, min: number) =>
    writeFileSync(
      join(dir, `${name}.yaml`),
      `name: ${name}\ntask: emotion\ndata: ${join(dir, 'rows.jsonl')}\nthresholds:\n  accuracy: ${min}\n`,
    );
  suite('lenient', 0.3);
  suite('strict', 0.9);
});
afterAll(() => server.close());

describe('eval CLI', () => {
  it('runs a task over HTTP, writes both files and prints plain progress off a terminal', async () => {
    const out = join(dir, 'run');
    const r = await cli(['--task', 'emotion', '--data', join(dir, 'rows.jsonl'), '--target', server.url, '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/emotion \[http\] n=3 errors=1 accuracy=0\.3333/);
    expect(r.stderr).toMatch(/^emotion 3\/3 errors 1 /m);
    expect(existsSync(join(out, 'report.html'))).toBe(true);
    expect(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')).meta.target).toEqual({
      kind: 'http',
      url: server.url,
    });
  }, 20_000);

  it.each([
    ['lenient', 0],
    ['strict', 1],
  ])(
    'exits %s suite with %d (gates)',
    async (name, code) => {
      const r = await cli(['--suite', join(dir, `${name}.yaml`), '--target', server.url, '--out', join(dir, name)]);
      expect(r.code).toBe(code);
      expect(r.stdout).toContain(`gate accuracy 0.3333 >= ${name === 'strict' ? 0.9 : 0.3}: ${code ? 'FAIL' : 'pass'}`);
    },
    20_000,
  );

  it.each([
    [['--task', 'nope', '--data', 'x'], /--task must be one of/],
    [['--task', 'emotion', '--data', '/no/such/file.jsonl', '--target', 'http://127.0.0.1:1'], /data file not found/],
    [['--task', 'emotion'], /give --suite FILE, --all, or both --task and --data/],
  ])(
    'exits 2 on bad usage %j',
    async (args, message) => {
      const r = await cli(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
    },
    20_000,
  );

  it('compares saved reports with deltas and renders the leaderboard', async () => {
    const r = await cli(['compare', join(dir, 'lenient'), join(dir, 'strict'), '--out', join(dir, 'compare.html')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/accuracy\s+0\.3333\s+0\.3333 \(±0\)/);
    expect(readFileSync(join(dir, 'compare.html'), 'utf8')).toContain('<h1>评测对比</h1>');
  }, 20_000);

  it('ranks saved runs with the leaderboard command, naming entries NAME=path', async () => {
    const out = join(dir, 'board');
    const r = await cli([
      'leaderboard',
      `first=${join(dir, 'lenient')}`,
      `second=${join(dir, 'strict')}`,
      '--out',
      out,
      '--resamples',
      '200',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('## 总榜');
    expect(r.stdout).toMatch(/\| 1 \| (first|second) \|/);
    for (const f of ['leaderboard.json', 'leaderboard.md', 'leaderboard.html'])
      expect(existsSync(join(out, f))).toBe(true);
    expect((await cli(['leaderboard', join(dir, 'nothing-here')])).stderr).toMatch(/no report at/);
  }, 20_000);

  it('resumes a finished run by re-asking only its failed case', async () => {
    const out = join(dir, 'run');
    const r = await cli([
      '--task',
      'emotion',
      '--data',
      join(dir, 'rows.jsonl'),
      '--target',
      server.url,
      '--out',
      out,
      '--resume',
    ]);
    expect(r.stdout).toContain('2 cases kept from the earlier run');
    expect(r.stderr).toMatch(/^emotion 1\/1 errors 1 /m);
  }, 20_000);
});
