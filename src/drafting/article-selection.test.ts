import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../clock.ts';
import { createLawSearch } from '../clauses/law-search.ts';
import { createTokenizer } from '../clauses/tokenize.ts';
import { parseProposal, SEARCHED } from './article-proposal.ts';
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
// The first step names nothing: the model then scores the offline candidates alone.
const NOTHING = { content: JSON.stringify({ laws: [], articles: [] }) };

/** A drafter whose model is the scripted server (no retries, so each script entry answers one call). */
const drafterOn = (server: FakeOpenAiServer) =>
  createDrafter({
    corpus,
    promptsDir: PROMPTS_DIR,
    clock: createManualClock('2026-03-20T02:00:00Z'),
    llm: createOpenAiProvider(
      { LLM_BASE_URL: server.baseURL, LLM_MODEL: 'qwen-test', LLM_API_KEY: 'sk-test', LLM_TIMEOUT_MS: 2000 },
      { maxRetries: 0 },
    ),
  });

describe('parseSelection: the model scores every candidate, the draft takes those scored 2', () => {
  it('keeps the candidates scored 2, in the order given, at most MAX_SELECTED', () => {
    const s = parseSelection(`好的。\n\`\`\`json\n${answer(true, [2, 1, 2])}\n\`\`\``, candidates);
    expect(s.chosen.map((c) => c.article)).toEqual([TRAFFIC.article, ARBITRATION.article]);
    expect(parseSelection(answer(true, [2, 2, 2]), candidates).chosen).toHaveLength(MAX_SELECTED);
    expect(parseSelection(`<think>先看来信</think>${answer(true, [0, 2, 0])}`, candidates).chosen).toEqual([WAGES]);
  });

  it('keeps what it scored 2 even when it says the letter needs no statute, and nothing when it scored none 2', () => {
    const s = parseSelection(answer(false, [0, 2, 0]), candidates);
    expect(s).toMatchObject({ needsStatute: false, chosen: [WAGES] });
    expect(parseSelection(answer(false, [1, 0, 1]), candidates)).toMatchObject({ needsStatute: false, chosen: [] });
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

  const drafter = () => drafterOn(server);
  // The same drafter without a model: the threshold decides.
  const offline = createDrafter({ corpus, promptsDir: PROMPTS_DIR, clock: createManualClock('2026-03-20T02:00:00Z') });
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
    server.script([NOTHING, { content: answer(true, [0, 2, 1]) }, { content: 'not json' }]);
    const before = server.requests.length;
    const d = await drafter().draft(input);
    expect(d.articlesBy).toBe('model');
    expect(substantive(d.citations)).toEqual([{ law: WAGES.law, article: WAGES.article }]);
    const sent = server.requests[before + 1].json!.messages!.map((m) => m.content).join('\n');
    expect(sent).toContain(`1. 《${TRAFFIC.law}》${TRAFFIC.article}`);
    expect(sent).toContain('标题：拖欠工资');
    expect(sent).not.toMatch(/张三|13812345678/);
    expect(server.requests[before + 1].json!.temperature).toBe(0);
  });

  it('quotes no statute when the model says none is needed and scores nothing 2', async () => {
    server.script([NOTHING, { content: answer(false, [0, 1, 0]) }, { content: 'not json' }]);
    const d = await drafter().draft(input);
    expect(d.articlesBy).toBe('model');
    expect(substantive(d.citations)).toEqual([]);
  });

  it('quotes an article scored 2 even beside "no statute needed"', async () => {
    server.script([NOTHING, { content: answer(false, [0, 2, 0]) }, { content: 'not json' }]);
    const d = await drafter().draft(input);
    expect(d.selection?.needsStatute).toBe(false);
    expect(substantive(d.citations)).toEqual([{ law: WAGES.law, article: WAGES.article }]);
  });

  it('quotes only what the model chose: no route procedure article beside it (nor offline)', async () => {
    const toArbitration = { ...input, candidates: [TRAFFIC, WAGES], route: ROUTES.arbitration, decision: undefined };
    server.script([NOTHING, { content: answer(true, [0, 2]) }, { content: 'not json' }]);
    const d = await drafter().draft(toArbitration);
    expect(d.kind).toBe('non_acceptance');
    expect(substantive(d.citations)).toEqual([{ law: WAGES.law, article: WAGES.article }]);
    const byThreshold = await offline.draft({ ...toArbitration, clauses: [WAGES] });
    expect(substantive(byThreshold.citations)).toEqual([{ law: WAGES.law, article: WAGES.article }]);
    expect(byThreshold.reply).toContain('劳动人事争议仲裁'); // the way forward, in words
  });

  it('asks the model about a suggestion too; offline a suggestion quotes no substantive article', async () => {
    const suggestion = { ...input, route: ROUTES.suggestion, decision: undefined };
    server.script([NOTHING, { content: answer(true, [0, 2, 0]) }, { content: 'not json' }]);
    const d = await drafter().draft(suggestion);
    expect(d.kind).toBe('suggestion_reply');
    expect(d.articlesBy).toBe('model');
    expect(substantive(d.citations)).toEqual([{ law: WAGES.law, article: WAGES.article }]);
    expect(substantive((await offline.draft(suggestion)).citations)).toEqual([]);
  });

  it('falls back to the threshold pick, with the reason, when the answer is unusable or the server fails', async () => {
    for (const bad of [{ content: answer(true, [2]) }, { status: 500 }]) {
      server.script([NOTHING, bad, { content: 'not json' }]);
      const d = await drafter().draft(input);
      expect(d.articlesBy).toBe('threshold');
      expect(d.selectionFallbackReason).toMatch(/incomplete_selection|http_500/);
      expect(substantive(d.citations)).toEqual([{ law: TRAFFIC.law, article: TRAFFIC.article }]);
    }
  });
});

describe('the model first names statutes and articles; the corpus decides what exists', () => {
  const search = createLawSearch(corpus, createTokenizer());
  const letter = WAGE_PETITION;
  const proposal = (laws: string[], articles: { law: string; article: string }[]) => JSON.stringify({ laws, articles });

  it('keeps named articles that exist (any numeral style), drops the rest, and searches the named statutes', () => {
    const p = parseProposal(
      proposal(
        ['劳动合同法', '不存在的条例'],
        [
          { law: '中华人民共和国劳动合同法', article: '第30条' },
          { law: '劳动合同法', article: '第九百九十九条' },
        ],
      ),
      corpus,
      letter,
      search,
    );
    expect(p.unknown).toBe(2);
    expect(p.candidates[0]).toMatchObject({ law: WAGES.law, article: WAGES.article });
    expect(p.candidates.length).toBeGreaterThan(1);
    expect(p.candidates.length).toBeLessThanOrEqual(1 + SEARCHED);
    expect(new Set(p.candidates.map((c) => c.lawId))).toEqual(new Set([WAGES.lawId]));
  });

  it('names nothing for a letter that needs no statute, and refuses what it cannot read', () => {
    expect(parseProposal(proposal([], []), corpus, letter, search).candidates).toEqual([]);
    for (const bad of ['', '{"laws": "劳动法"}', '{oops}']) {
      expect(() => parseProposal(bad, corpus, letter, search), bad).toThrow(FallbackError);
    }
  });
});

describe('an article only the model named is quoted once it scores it 2 on the verbatim text', () => {
  let server: FakeOpenAiServer;
  beforeAll(async () => {
    server = await startFakeOpenAiServer();
  });
  afterAll(() => server.close());
  const NAMED = { content: proposal(['劳动合同法'], [{ law: '劳动合同法', article: '第三十条' }]) };
  function proposal(laws: string[], articles: { law: string; article: string }[]) {
    return JSON.stringify({ laws, articles });
  }
  const draftWith = () =>
    drafterOn(server).draft({
      text: WAGE_PETITION,
      clauses: [],
      candidates: [TRAFFIC, ARBITRATION],
      route: ROUTES.investigation,
      emotion: emotionOf('neutral', 0.5),
      decision: 'accepted',
    });

  it('shows the named article first, with its text, among the offline candidates and the best matches of its statute', async () => {
    // First pass: learn how many candidates the second step shows (an unusable answer falls back).
    server.script([NAMED, { content: 'not json' }, { content: 'not json' }]);
    let at = server.requests.length;
    await draftWith();
    const shown = server.requests[at + 1].json!.messages![1].content;
    const n = Number(/共 (\d+) 条/.exec(shown)![1]);
    expect(shown).toContain(`1. 《${WAGES.law}》${WAGES.article}：${WAGES.text.replace(/\s+/g, '').slice(0, 20)}`);
    expect(shown).toContain(`《${TRAFFIC.law}》${TRAFFIC.article}`);
    expect(n).toBeGreaterThan(3);

    server.script([NAMED, { content: answer(true, [2, ...Array(n - 1).fill(0)]) }, { content: 'not json' }]);
    at = server.requests.length;
    const d = await draftWith();
    expect(d.articlesBy).toBe('model');
    expect(substantive(d.citations)).toEqual([{ law: WAGES.law, article: WAGES.article }]);
    expect(server.requests.length - at).toBe(3);
  });

  it('scores the offline candidates alone when the first step fails, and says why', async () => {
    server.script([{ content: 'not json' }, { content: answer(true, [0, 2]) }, { content: 'not json' }]);
    const d = await draftWith();
    expect(d.articlesBy).toBe('model');
    expect(d.selection?.proposalFallbackReason).toMatch(/malformed_proposal/);
    expect(substantive(d.citations)).toEqual([{ law: ARBITRATION.law, article: ARBITRATION.article }]);
  });
});

describe('what the model scored decides alone, within one deadline for the whole draft', () => {
  let server: FakeOpenAiServer;
  beforeAll(async () => {
    server = await startFakeOpenAiServer();
  });
  afterAll(() => server.close());
  const REG = hitFor(corpus, '信访工作条例', 32);

  it('a procedural article scored 2 does not take a substantive article’s place', () => {
    const s = parseSelection(answer(true, [2, 2, 2]), [REG, WAGES, ARBITRATION]);
    expect(s.chosen.map((c) => c.article)).toEqual([WAGES.article, ARBITRATION.article]);
  });

  it('never quotes the route’s procedure article when the model scored it below 2', async () => {
    server.script([NOTHING, { content: answer(true, [2, 0]) }, { content: 'not json' }]);
    const d = await drafterOn(server).draft({
      text: WAGE_PETITION,
      clauses: [WAGES],
      candidates: [WAGES, ARBITRATION],
      route: ROUTES.arbitration,
      emotion: emotionOf('neutral', 0.5),
      kind: 'non_acceptance',
    });
    expect(d.articlesBy).toBe('model');
    expect(substantive(d.citations)).toEqual([{ law: WAGES.law, article: WAGES.article }]);
    expect(d.reply).not.toContain(`《${ARBITRATION.law}》${ARBITRATION.article}`);
  });

  it('asks a model that does not answer in time only once, and the whole draft stays within the deadline', async () => {
    server.script([{ content: NOTHING.content, delayMs: 2000 }]);
    const at = server.requests.length;
    const started = Date.now();
    const d = await createDrafter({
      corpus,
      promptsDir: PROMPTS_DIR,
      clock: createManualClock('2026-03-20T02:00:00Z'),
      llmDeadlineMs: 300,
      llm: createOpenAiProvider(
        { LLM_BASE_URL: server.baseURL, LLM_MODEL: 'qwen-test', LLM_API_KEY: 'sk-test', LLM_TIMEOUT_MS: 5000 },
        { maxRetries: 2 },
      ),
    }).draft({
      text: WAGE_PETITION,
      clauses: [WAGES],
      candidates: [WAGES, ARBITRATION],
      route: ROUTES.investigation,
      emotion: emotionOf('neutral', 0.5),
      decision: 'accepted',
    });
    expect(Date.now() - started).toBeLessThan(1500);
    expect(server.requests.length - at).toBe(1);
    expect(d).toMatchObject({ articlesBy: 'threshold', provider: 'offline' });
    expect(d.selectionFallbackReason).toMatch(/^(deadline|timeout)/);
    expect(d.fallbackReason).toBe(d.selectionFallbackReason);
    expect(substantive(d.citations)).toEqual([{ law: WAGES.law, article: WAGES.article }]);
  });
});
