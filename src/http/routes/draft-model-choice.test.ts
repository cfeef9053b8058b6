import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../../drafting/testing/fake-openai-server.ts';
import { createTestApp } from '../../testing/test-app.ts';

const WAGES = '某建筑公司拖欠我们十二名农民工工资共计八万元，已经半年，多次讨要无果，请求责令支付。';

/**
 * A model behind the OpenAI-compatible endpoint that answers each step as asked: it names 劳动合同法第三十条, scores
 * the first candidate shown 2 and every other 0, and gives no usable phrasing (the offline wording is used).
 */
function answer(messages: { role: string; content: string }[]): string {
  const system = messages[0]?.content ?? '';
  const user = messages[1]?.content ?? '';
  if (/可能要引用的法律依据/.test(system))
    return JSON.stringify({
      laws: ['中华人民共和国劳动合同法'],
      articles: [{ law: '中华人民共和国劳动合同法', article: '第三十条' }],
    });
  if (/可以引用哪些法律条文/.test(system)) {
    const n = Number(/共 (\d+) 条/.exec(user)?.[1] ?? 0);
    return JSON.stringify({ needs_statute: true, scores: Array.from({ length: n }, (_, i) => (i === 0 ? 2 : 0)) });
  }
  return 'not json';
}

describe('the model chooses the quoted articles through the API and the case file records it', () => {
  let server: FakeOpenAiServer;
  beforeAll(async () => {
    server = await startFakeOpenAiServer([{ reply: answer }]);
  });
  afterAll(() => server.close());
  const app = () =>
    createTestApp({ config: { LLM_BASE_URL: server.baseURL, LLM_MODEL: 'qwen-test', LLM_API_KEY: 'sk-test' } });

  it('/v1/draft quotes what the model scored 2 and says so', async () => {
    const t = await app();
    const res = await t.post('/v1/draft', { text: WAGES });
    expect(res.status).toBe(200);
    const d = await res.json();
    expect(d.articles_by).toBe('model');
    expect(d.citations).toContainEqual({ law: '中华人民共和国劳动合同法', article: '第三十条' });
    // Besides it only the template's 信访工作条例 articles and the arbitration route's own procedure article.
    const others = d.citations.filter((c: { law: string }) => !/信访|劳动合同法|劳动争议调解仲裁法/.test(c.law));
    expect(others).toEqual([]);
  });

  it('a case draft records the candidates the model saw and its scores in the draft_version event', async () => {
    const t = await app();
    const reg = await t.post('/v1/petitions', { text: WAGES, channel: '书信' });
    expect(reg.status).toBe(201);
    const { id } = await reg.json();
    const made = await t.post(`/v1/petitions/${id}/drafts`, {});
    expect(made.status).toBe(201);
    const events = (await (await t.get(`/v1/petitions/${id}/events`)).json()).events as {
      type: string;
      payload: { articles_by: string; selection: { candidates: unknown[]; scores: number[] } | null };
    }[];
    const v = events.find((e) => e.type === 'draft_version')!;
    expect(v.payload.articles_by).toBe('model');
    expect(v.payload.selection!.candidates[0]).toEqual({ law: '中华人民共和国劳动合同法', article: '第三十条' });
    expect(v.payload.selection!.scores[0]).toBe(2);
    expect(v.payload.selection!.scores.length).toBe(v.payload.selection!.candidates.length);
  });
});
