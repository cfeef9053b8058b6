import { describe, expect, it } from 'vitest';
import type { Route } from '../clauses/types.ts';
import { decideOutcome, kindForRoute, wayForward } from './route-kinds.ts';
import { ROUTES, hitFor, shippedCorpus } from './testing/inputs.ts';

const route = (code: string, article = '第三十一条', label = ''): Route => ({ code, label, article, receiver: '', articles: [] });

describe('kindForRoute', () => {
  it.each([
    ['investigation', 'opinion'],
    ['arbitration', 'non_acceptance'],
    ['administrative', 'non_acceptance'],
    ['party-appeal', 'non_acceptance'],
    ['litigation', 'forwarding'],
    ['accusation', 'forwarding'],
    ['duty', 'acceptance'],
    ['suggestion', 'suggestion_reply'],
    ['thanks', 'thanks'],
    ['investigation:reject', 'opinion'],
    ['art31-6', 'opinion'],
    ['art31-2', 'non_acceptance'],
  ])('maps route %s to %s', (code, kind) => {
    expect(kindForRoute(route(code))).toBe(kind);
  });

  it('falls back on the governing article, then the label, then acceptance', () => {
    expect(kindForRoute(route('x', '第二十九条'))).toBe('suggestion_reply');
    expect(kindForRoute(route('x', '第三十一条', '出具信访处理意见书'))).toBe('opinion');
    expect(kindForRoute(route('x', '第三十一条', '其他'))).toBe('acceptance');
  });

  it('names the procedure for the non-acceptance notice', () => {
    expect(wayForward(ROUTES.arbitration)).toContain('仲裁');
    expect(wayForward(route('custom', '第三十一条', '申诉求决类：通过行政裁决解决（说明）'))).toBe('行政裁决');
  });
});

describe('decideOutcome', () => {
  const corpus = shippedCorpus();
  const wage = [hitFor(corpus, '劳动合同法', 30, 2, ['拖欠', '工资', '支付', '法律先验:拖欠工资'])];
  const procedural = [hitFor(corpus, '信访工作条例', 31, 2, ['拖欠', '工资'])];
  const asks = ['要求公司尽快支付拖欠的工资。'];

  it('supports a request that a substantive article speaks to (Art. 32 (1))', () => {
    expect(decideOutcome({ route: ROUTES.investigation, clauses: wage }, asks)).toBe('支持');
  });

  it.each([
    ['only procedural articles were retrieved', procedural, asks],
    ['nothing was retrieved', [], asks],
    ['the article does not speak to the request', wage, ['希望尽早建一个公园。']],
    ['no request was found', wage, []],
  ])('explains (Art. 32 (2)) when %s', (_why, clauses, requests) => {
    expect(decideOutcome({ route: ROUTES.investigation, clauses }, requests)).toBe('解释说明');
  });

  it('ignores law-prior and anchor reasons, which are not words of the request', () => {
    const prior = [hitFor(corpus, '劳动合同法', 30, 2, ['工资', '法律先验:拖欠工资', '要点:拖欠工资'])];
    expect(decideOutcome({ route: ROUTES.investigation, clauses: prior }, ['要求支付拖欠工资'])).toBe('解释说明');
  });

  it('follows an explicit outcome set on the route by staff', () => {
    expect(decideOutcome({ route: { ...ROUTES.investigation, code: 'investigation:reject' }, clauses: wage }, asks)).toBe('不予支持');
    expect(decideOutcome({ route: { ...ROUTES.investigation, code: 'investigation:explain' }, clauses: wage }, asks)).toBe('解释说明');
    expect(decideOutcome({ route: { ...ROUTES.investigation, code: 'investigation:support' }, clauses: [] }, [])).toBe('支持');
  });
});
