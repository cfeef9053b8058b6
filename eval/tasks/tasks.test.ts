import { describe, expect, it } from 'vitest';
import { createCorpusIndex } from '../checks/corpus-index.ts';
import type { TaskContext, TaskName } from '../types.ts';
import { TASK_SPECS } from './index.ts';

const CTX: TaskContext = {
  corpus: createCorpusIndex([{ title: '中华人民共和国民法典', articles: ['第一千一百六十五条'] }]),
  kind: 'opinion',
  k: 10,
};

describe('rows become requests of the pilot contract', () => {
  it.each<[TaskName, object, string, object]>([
    ['emotion', { id: 'a', text: 't', label: 'sad' }, '/v1/analyze', { text: 't' }],
    ['routing', { id: 'a', title: 'T', text: 't', label: '城乡建设' }, '/v1/analyze', { title: 'T', text: 't' }],
    ['selfharm', { id: 'a', text: 't', level: 8, label: 1 }, '/v1/analyze', { text: 't' }],
    ['clauses', { id: 'a', question: 'q', cited: [] }, '/v1/clauses/recommend', { text: 'q', k: 10 }],
    [
      'replies',
      { id: 'a', title: 'T', text: 't', reply: 'r' },
      '/v1/draft',
      { text: 't', title: 'T', kind: 'opinion' },
    ],
    ['cases', { id: 'a', text: 't', expect: { risk: 'red' } }, '/v1/analyze', { text: 't' }],
  ])('%s sends its row to the right endpoint', (task, row, endpoint, body) => {
    const spec = TASK_SPECS[task];
    const c = spec.toCase(spec.rowSchema.parse(row), CTX);
    expect(c.calls[0]).toMatchObject({ endpoint, body });
  });

  it('also drafts for cases that expect PII or an injection, and keeps PII strings out of the report', () => {
    const spec = TASK_SPECS.cases;
    const c = spec.toCase(spec.rowSchema.parse({ id: 'a', text: 't', expect: { pii: ['张三'] } }), CTX);
    expect(c.calls.map((k) => k.endpoint)).toEqual(['/v1/analyze', '/v1/draft']);
    expect(JSON.stringify(c.expected)).not.toContain('张三');
  });

  it('keeps the self-harm text out of what is expected and stored', () => {
    const spec = TASK_SPECS.selfharm;
    const c = spec.toCase(spec.rowSchema.parse({ id: 'a', text: '秘密文本', level: 8, label: 1 }), CTX);
    expect(c.expected).toEqual({ label: 1, level: 8 });
    const kept = spec.keep!({
      analyze: { risk: { level: 'red', score: 0.9, signals: [{ code: 'self_harm', evidence: '秘密' }] } },
    });
    expect(JSON.stringify(kept)).not.toContain('秘密');
  });

  it('rejects rows that do not fit the task, naming the field', () => {
    expect(TASK_SPECS.emotion.rowSchema.safeParse({ id: 'a', text: 't', label: 'joy' }).success).toBe(false);
  });
});
