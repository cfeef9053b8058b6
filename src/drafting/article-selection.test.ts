import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../clock.ts';
import { MAX_SELECTED, parseSelection } from './article-selection.ts';
import { createDrafter } from './drafter.ts';
import { FallbackError } from './llm-sections.ts';
import { createOpenAiProvider } from './llm/openai-provider.ts';
import { startFakeOpenAiServer, type FakeOpenAiServer } from './testing/fake-openai-server.ts';
import { emotionOf, hitFor, PROMPTS_DIR, ROUTES, shippedCorpus, WAGE_PETITION } from './testing/inputs.ts';
import type { DraftInput } from './types.ts';

const corpus = shippedCorpus();
const WAGES = hitFor(corpus, '中华人民共和国劳动合同法', 30);
const ARBITRATION = hitFor(corpus, '中华人民共和国劳动争议调解仲裁法', 5);
const TRAFFIC = hitFor(corpus, '中华人民共和国道路交通安全法', 70);
const candidates = [TRAFFIC, WAGES, ARBITRATION];
const substantive = (cs: { law: string }[]) => cs.filter((c) => !/信访/.test(c.law));
const answer = (needs: boolean, scores: number[]) => JSON.stringify({ needs_statute: needs, scores });

describe('parseSelection: the model scores every candidate, the draft takes those scored 2', () => {
  it('keeps the candidates scored 2, in the order given, at most MAX_SELECTED', () => {
    const s = parseSelection(`好的。\n\`\`\`json\n${answer(true, [2, 1, 2])}\n\`\`\``, candidates);
    expect(s.chosen.map((c) => c.article)).toEqual([TRAFFIC.article, ARBITRATION.article]);
    expect(parseSelection(answer(true, [2, 2, 2]), candidates).chosen).toHaveLength(MAX_SELECTED);
    expect(parseSelection(`<think>先看来信</think>${answer(true, [0, 2, 0])}`, candidates).chosen).toEqual([WAGES]);
  });

  it('chooses nothing when the model says the letter needs no statute', () => {
    const s = parseSelection(answer(false, [2, 2, 0]), candidates);
    expect(s).toMatchObject({ needsStatute: false, chosen: [] });
  });

  it('refuses an answer it cannot match to the candidates', () => {
    for (const bad of ['', '没有', answer(true, [2, 0]), answer(true, [2, 0, 3]), '{"scores":[2,0,0]}', '{oops}']) {
      expect(() => parseSelection(bad, candidates), bad).toThrow(FallbackError);
    }
  });
});

describe('a configured model chooses the quoted articles (scripted OpenAI-compatible server on loopback)', () => {
  let server: FakeOpenAiServer;
  beforeAll(async () => {
    server = await startFakeOpenAiServer();
  });
  afterAll(() => server.close());

  const drafter = () =>
    createDrafter({
      corpus,
      promptsDir: PROMPTS_DIR,
      clock: createManualClock('2026-03-20T02:00:00Z'),
      llm: createOpenAiProvider(
        { LLM_BASE_URL: server.baseURL, LLM_MODEL: 'qwen-test', LLM_API_KEY: 'sk-test', LLM_TIMEOUT_MS: 2000 },
        { maxRetries: 0 },
      ),
    });
  const input: DraftInput = {
    text: `我叫张三，电话13812345678。${WAGE_PETITION}`,
    title: '拖欠工资',
    petitionerName: '张三',
    clauses: [TRAFFIC],
    candidates,
    route: ROUTES.investigation,
    emotion: emotionOf('neutral', 0.5),
    decision: 'accepted',
  };

  it('quotes what the model scored 2 instead of the threshold pick, and sends no personal data', async () => {
    server.script([{ content: answer(true, [0, 2, 1]) }, { content: 'not json' }]);
    const before = server.requests.length;
    const d = await drafter().draft(input);
    expect(d.articlesBy).toBe('model');
    expect(substantive(d.citations)).toEqual([{ law: WAGES.law, article: WAGES.article }]);
    const sent = server.requests[before].json!.messages!.map((m) => m.content).join('\n');
    expect(sent).toContain(`1. 《${TRAFFIC.law}》${TRAFFIC.article}`);
    expect(sent).toContain('标题：拖欠工资');
    expect(sent).not.toMatch(/张三|13812345678/);
    expect(server.requests[before].json!.temperature).toBe(0);
  });

  it('quotes no statute when the model says none is needed', async () => {
    server.script([{ content: answer(false, [0, 0, 0]) }, { content: 'not json' }]);
    const d = await drafter().draft(input);
    expect(d.articlesBy).toBe('model');
    expect(substantive(d.citations)).toEqual([]);
  });

  it('falls back to the threshold pick, with the reason, when the answer is unusable or the server fails', async () => {
    for (const bad of [{ content: answer(true, [2]) }, { status: 500 }]) {
      server.script([bad, { content: 'not json' }]);
      const d = await drafter().draft(input);
      expect(d.articlesBy).toBe('threshold');
      expect(d.selectionFallbackReason).toMatch(/incomplete_selection|http_500/);
      expect(substantive(d.citations)).toEqual([{ law: TRAFFIC.law, article: TRAFFIC.article }]);
    }
  });
});
