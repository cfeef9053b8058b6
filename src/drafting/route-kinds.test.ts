import { describe, expect, it } from 'vitest';
import type { Route } from '../clauses/types.ts';
import { decideOutcome, kindFor, kindForRoute, kindFromHeading, receiverParts, wayForward } from './route-kinds.ts';
import { ROUTES } from './testing/inputs.ts';

const route = (code: string, article = '第三十一条', label = ''): Route => ({
  code,
  label,
  article,
  receiver: '',
  articles: [],
});

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

// Issue 16 changed this: code no longer decides the outcome from retrieved articles; only staff do.
describe('decideOutcome', () => {
  it('leaves the outcome open when staff have recorded none, whatever was retrieved', () => {
    expect(decideOutcome({ route: ROUTES.investigation })).toBeUndefined();
  });

  it('follows the outcome recorded on the case, then an explicit outcome set on the route by staff', () => {
    expect(decideOutcome({ route: ROUTES.investigation, outcome: '不予支持' })).toBe('不予支持');
    expect(decideOutcome({ route: { ...ROUTES.investigation, code: 'investigation:reject' } })).toBe('不予支持');
    expect(decideOutcome({ route: { ...ROUTES.investigation, code: 'investigation:explain' } })).toBe('解释说明');
    expect(decideOutcome({ route: { ...ROUTES.investigation, code: 'investigation:support' } })).toBe('支持');
  });
});

describe('kindFor (screening decision first, then route)', () => {
  it.each([
    ['arbitration', 'accepted', false, 'acceptance'],
    ['litigation', 'accepted', false, 'acceptance'],
    ['investigation', 'accepted', false, 'opinion'],
    ['duty', 'accepted', true, 'opinion'],
    ['suggestion', 'accepted', false, 'suggestion_reply'],
    ['duty', 'not_accepted', false, 'non_acceptance'],
    ['investigation', 'forwarded', false, 'forwarding'],
    ['arbitration', undefined, false, 'non_acceptance'],
  ] as const)('route %s, decision %s (outcome recorded: %s) → %s', (code, decision, recorded, kind) => {
    expect(kindFor(route(code), decision, recorded)).toBe(kind);
  });

  it('never gives an accepted petition a non-acceptance notice, whatever the route', () => {
    for (const code of [
      'arbitration',
      'administrative',
      'party-appeal',
      'litigation',
      'accusation',
      'closed',
      'art31-2',
    ]) {
      expect(kindFor(route(code), 'accepted')).not.toBe('non_acceptance');
    }
  });
});

describe('kindFromHeading and receiverParts', () => {
  it.each([
    ['转送告知书\n\n张三：', 'forwarding'],
    ['不予受理告知书', 'non_acceptance'],
    ['  受理告知书', 'acceptance'],
    ['信访处理意见书', 'opinion'],
    ['您好', undefined],
  ])('reads %j as %s', (reply, kind) => {
    expect(kindFromHeading(reply)).toBe(kind);
  });

  it('splits a receiver with advice into a name and a whole sentence', () => {
    const r = receiverParts({
      ...ROUTES.arbitration,
      receiver: '劳动人事争议仲裁委员会；拖欠工资可向人力资源社会保障部门劳动保障监察机构投诉',
    });
    expect(r.name).toBe('劳动人事争议仲裁委员会');
    expect(r.note).toMatch(/^拖欠工资的，也可以向.+投诉。$/);
  });
});
