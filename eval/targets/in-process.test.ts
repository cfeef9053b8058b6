import { describe, expect, it } from 'vitest';
import { AnalyzeSchema, DraftSchema, RecommendSchema } from '../contract.ts';
import { createInProcessTarget } from './in-process.ts';
import { callTarget } from './types.ts';

// Our own service through createApp(createDeps(testConfig())): the pilot's contract as the harness reads it.
describe('in-process target on our service', () => {
  it.each([
    ['/v1/analyze', { text: '公司拖欠我们三个月工资，老板一直躲着不见。' }, AnalyzeSchema],
    ['/v1/draft', { text: '公司拖欠我们三个月工资，老板一直躲着不见。', kind: 'opinion' }, DraftSchema],
    ['/v1/clauses/recommend', { text: '拖欠工资', k: 10 }, RecommendSchema],
  ])(
    'answers %s in the contract shape',
    async (endpoint, body, schema) => {
      const target = await createInProcessTarget();
      try {
        const r = await callTarget(target, endpoint, body, 20_000);
        expect(r).toMatchObject({ ok: true, status: 200 });
        if (r.ok) expect(schema.safeParse(r.json).success).toBe(true);
      } finally {
        await target.close();
      }
    },
    60_000,
  );
});
