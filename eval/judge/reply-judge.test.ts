import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../../src/drafting/testing/fake-openai-server.ts';
import { evaluate } from '../evaluate.ts';
import { renderReportHtml } from '../../src/reports/html.ts';
import { createHttpTarget } from '../targets/http.ts';
import { startScriptedServer, type ScriptedServer } from '../testing/scripted-server.ts';
import { createReplyJudge, parseVerdict } from './reply-judge.ts';

const ROOT = join(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'eval-judge-'));
let entry: ScriptedServer;
let llm: FakeOpenAiServer;

const grades = (g: number, reason = '') =>
  JSON.stringify({ grounded: g, answers: g, citations: g, procedure: g, tone: g, reason });

beforeAll(async () => {
  entry = await startScriptedServer();
  llm = await startFakeOpenAiServer();
});
afterAll(async () => {
  await entry.close();
  await llm.close();
});

describe('parseVerdict', () => {
  it.each([
    ['a bare object', grades(4)],
    ['a fenced object with prose', `评分如下：\n\`\`\`json\n${grades(4)}\n\`\`\``],
  ])('reads %s', (_name, content) => {
    expect(parseVerdict(content)).toMatchObject({ grounded: 4, tone: 4 });
  });

  it.each([
    ['no object', '很好'],
    ['a grade out of range', grades(7)],
    ['a missing criterion', '{"grounded": 3}'],
  ])('rejects %s', (_n, content) => {
    expect(() => parseVerdict(content)).toThrow();
  });
});

describe('the reply judge through a loopback OpenAI-compatible server', () => {
  it('grades each reply, counts tokens and cost, and records a failed grading without failing the case', async () => {
    llm.script([
      { content: grades(5, '好'), usage: { prompt_tokens: 400, completion_tokens: 30 } },
      {
        content: `\`\`\`json\n${grades(3, '未回应第二个诉求')}\n\`\`\``,
        usage: { prompt_tokens: 500, completion_tokens: 40 },
      },
      { content: '我无法评分', usage: { prompt_tokens: 100, completion_tokens: 10 } },
    ]);
    const data = join(dir, 'replies.jsonl');
    // Self-written petitions; r2 carries a phone number that must not reach the judge.
    writeFileSync(
      data,
      [
        { id: 'r1', title: '工资', text: '公司拖欠工资三个月', reply: '已转劳动监察' },
        { id: 'r2', text: '噪音扰民，我的电话13912345678', reply: '已转环保部门' },
        { id: 'r3', text: '道路破损', reply: '已转交通部门' },
      ]
        .map((r) => JSON.stringify(r))
        .join('\n'),
    );
    const judge = createReplyJudge({ baseUrl: llm.baseURL, model: 'judge-m', price: { input: 2, output: 8 } });
    const before = llm.requests.length;
    const r = await evaluate({
      task: 'replies',
      data,
      root: ROOT,
      corpusDir: join(ROOT, 'corpus'),
      concurrency: 1,
      timeoutMs: 5000,
      target: createHttpTarget(entry.url),
      judge,
    });

    expect(r.summary.metrics).toMatchObject({ 'judge.grounded': 4, 'judge.tone': 4, judge_score: 0.75 });
    expect(r.meta.judge).toEqual({
      model: 'judge-m',
      base_url: llm.baseURL,
      calls: 3,
      failures: 1,
      prompt_tokens: 1000,
      completion_tokens: 80,
      cost: (1000 * 2 + 80 * 8) / 1e6,
    });
    expect(r.cases[2].checks.find((k) => k.name === 'judge')?.reason).toMatch(/judge failed: no JSON object/);
    // A grade is a score, not a gate: the cases pass or fail on the structural checks alone.
    expect(r.cases.map((c) => c.pass)).toEqual([true, true, true]);

    const sent = llm.requests.slice(before).map((q) => q.json!.messages![0].content);
    expect(sent[0]).toContain('grounded（紧扣来信）');
    expect(sent[0]).toContain('公司拖欠工资三个月');
    expect(sent[1]).not.toContain('13912345678');
    expect(llm.requests[before].json!.model).toBe('judge-m');
    expect(renderReportHtml(r)).toContain('输入 1000 / 输出 80 个词元');
  });
});

describe('the judge through the CLI', () => {
  it('takes --judge-url, --judge-model and --judge-price and prints the run’s tokens and cost', async () => {
    llm.script([{ content: grades(4), usage: { prompt_tokens: 1000, completion_tokens: 100 } }]);
    const data = join(dir, 'one.jsonl');
    writeFileSync(data, JSON.stringify({ id: 'r1', text: '公司拖欠工资', reply: '已转劳动监察' }));
    const out = join(dir, 'cli');
    const args = [
      'eval/cli.ts',
      '--task',
      'replies',
      '--data',
      data,
      '--target',
      entry.url,
      '--out',
      out,
      '--no-cache',
    ];
    const judgeArgs = ['--judge-url', llm.baseURL, '--judge-model', 'judge-m', '--judge-price', '2,8'];
    const { stdout } = await promisify(execFile)(join(ROOT, 'node_modules/.bin/tsx'), [...args, ...judgeArgs], {
      cwd: ROOT,
    });
    expect(stdout).toContain('judge judge-m: 1 calls, 0 failed, tokens 1000 + 100, cost 0.0028');
    expect(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')).summary.metrics.judge_score).toBe(0.75);
    const bad = await promisify(execFile)(join(ROOT, 'node_modules/.bin/tsx'), [...args, '--judge-url', llm.baseURL], {
      cwd: ROOT,
    }).catch((e) => e);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/the judge needs both --judge-url and --judge-model/);
  }, 30_000);
});
