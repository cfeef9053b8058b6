import { describe, expect, it } from 'vitest';
import { FallbackError, parseSections, validateSections } from './llm-sections.ts';

const reasonOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e instanceof FallbackError ? e.reason : String(e);
  }
  return 'ok';
};

describe('parseSections', () => {
  it.each([
    ['{"summary":"信访人反映拖欠工资。","explanation":"用人单位应当支付。"}'],
    ['```json\n{"summary":"信访人反映拖欠工资。","explanation":"用人单位应当支付。"}\n```'],
    ['<think>先想一想 {不是答案}</think>\n{"summary":"信访人反映拖欠工资。","explanation":"用人单位应当支付。"}'],
  ])('reads %s', (text) => {
    expect(parseSections(text).summary).toBe('信访人反映拖欠工资。');
  });

  it.each([
    ['', 'empty_answer'],
    ['<think>only thinking</think>', 'empty_answer'],
    ['好的，下面是答复', 'malformed_answer: no JSON object'],
    ['{"summary": "x", }', 'malformed_answer: invalid JSON'],
    ['{"summary": "信访人反映拖欠工资。", "explanation": ""}', 'incomplete_answer: explanation'],
  ])('rejects %j with %s', (text, reason) => {
    expect(reasonOf(() => parseSections(text))).toBe(reason);
  });
});

describe('validateSections', () => {
  const s = (explanation: string) => ({ summary: '信访人反映拖欠工资。', explanation });
  it.each([
    ['用人单位应当及时足额支付劳动报酬。', 'opinion', '支持', 'ok'],
    ['对您的请求予以支持。', 'opinion', '支持', 'ok'],
    ['对您的请求予以支持。', 'opinion', '解释说明', 'rejected_answer: states outcome 支持'],
    ['对您的请求不予支持。', 'acceptance', '支持', 'rejected_answer: states outcome 不予支持'],
    ['现就有关情况解释说明如下。', 'non_acceptance', '支持', 'ok'],
    ['我们承诺一周内解决。', 'opinion', '支持', 'rejected_answer: promise beyond the law'],
  ] as const)('%s (%s, decided %s) → %s', (text, kind, outcome, expected) => {
    expect(reasonOf(() => validateSections(s(text), kind, outcome))).toBe(expected);
  });
});
