import fc from 'fast-check';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { type Snake, isCamelKey, snakeKey, toApi } from './casing.ts';

describe('snakeKey', () => {
  it.each([
    ['petitionId', 'petition_id'],
    ['prevHash', 'prev_hash'],
    ['removedCitations', 'removed_citations'],
    ['needsStatute', 'needs_statute'],
    ['sha256Hex', 'sha256_hex'],
    ['received_at', 'received_at'],
    ['angry', 'angry'],
    ['劳动和社会保障', '劳动和社会保障'],
    ['第三十九条', '第三十九条'],
    ['中华人民共和国劳动合同法', '中华人民共和国劳动合同法'],
    ['X-Signature', 'X-Signature'],
    ['URL', 'URL'],
    ['', ''],
  ])('%s → %s', (key, want) => expect(snakeKey(key)).toBe(want));

  it('never changes a key without ASCII capitals (Chinese data keys, snake_case, lowercase labels)', () => {
    fc.assert(fc.property(fc.string(), (k) => /[A-Z]/.test(k) || snakeKey(k) === k));
  });

  it('gives a key that is no longer camelCase', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z][a-z0-9]{0,5}(?:[A-Z][a-z0-9]{0,5}){1,3}$/), (k) => {
        const s = snakeKey(k);
        return !isCamelKey(s) && s.replaceAll('_', '').toLowerCase() === k.toLowerCase();
      }),
    );
  });
});

describe('toApi', () => {
  it('renames keys at every depth, in arrays too, and keeps values and data keys as they are', () => {
    const domain = {
      petitionId: 'XF1',
      createdAt: '2026-03-02',
      triage: {
        clauses: [{ lawId: 'labour-contract', law: '中华人民共和国劳动合同法', article: '第三十条' }],
        category: { scores: { 劳动和社会保障: 0.9, 其他: 0.1 } },
        matter: { needsStatute: true },
      },
      tags: ['camelCaseValue'],
      none: null,
    };
    expect(toApi(domain)).toEqual({
      petition_id: 'XF1',
      created_at: '2026-03-02',
      triage: {
        clauses: [{ law_id: 'labour-contract', law: '中华人民共和国劳动合同法', article: '第三十条' }],
        category: { scores: { 劳动和社会保障: 0.9, 其他: 0.1 } },
        matter: { needs_statute: true },
      },
      tags: ['camelCaseValue'],
      none: null,
    });
  });

  it('does not change its input', () => {
    const input = { petitionId: 'XF1', nested: [{ createdBy: 'a' }] };
    const copy = structuredClone(input);
    toApi(input);
    expect(input).toEqual(copy);
  });

  it('throws rather than drop a field when two keys would collide', () => {
    expect(() => toApi({ fooBar: 1, foo_bar: 2 })).toThrow(/collide/);
  });

  it('types the result with the renamed keys', () => {
    const out = toApi({ petitionId: 'x', items: [{ approvedAt: null as string | null }] });
    expectTypeOf(out).toEqualTypeOf<Snake<{ petitionId: string; items: { approvedAt: string | null }[] }>>();
    expectTypeOf(out.items[0].approved_at).toEqualTypeOf<string | null>();
    expectTypeOf(out.petition_id).toEqualTypeOf<string>();
  });
});
