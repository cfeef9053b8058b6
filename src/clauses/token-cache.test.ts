import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cachedTokens, tokenTable } from './token-cache.ts';
import { createTokenizer } from './tokenize.ts';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'xf-tokens-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const TEXTS = [
  '用人单位拖欠劳动者工资，劳动者可以向劳动行政部门投诉。',
  '征收国有土地上单位、个人的房屋，应当对被征收人给予公平补偿。',
  '小区噪声扰民，物业不管。',
];
const tokenize = createTokenizer();
/** A tokenizer that counts its calls, to see whether the file answered. */
const counting = () => {
  const calls = { n: 0 };
  return { calls, tokenize: (t: string) => (calls.n++, tokenize(t)) };
};

describe('cachedTokens', () => {
  it('reads the tokens it wrote for the same texts and dictionary, identical to tokenising', () => {
    const file = join(tempDir(), 'tokens.json');
    const first = counting();
    expect(cachedTokens(TEXTS, first.tokenize, ['词典'], file)).toEqual(TEXTS.map(tokenize));
    const again = counting();
    expect(cachedTokens(TEXTS, again.tokenize, ['词典'], file)).toEqual(TEXTS.map(tokenize));
    expect([first.calls.n, again.calls.n]).toEqual([3, 0]);
  });

  it.each([
    ['a text changed', [...TEXTS.slice(0, 2), '小区噪声扰民，城管不管。'], ['词典']],
    ['the dictionary changed', TEXTS, ['词典', '新词']],
  ])('tokenises again when %s', (_, texts, dictionary) => {
    const file = join(tempDir(), 'tokens.json');
    cachedTokens(TEXTS, tokenize, ['词典'], file);
    const again = counting();
    expect(cachedTokens(texts, again.tokenize, dictionary, file)).toEqual(texts.map(tokenize));
    expect(again.calls.n).toBe(3);
  });

  it('tokenises a corrupt file again, and tokenises without failing where it cannot write', () => {
    const dir = tempDir();
    const file = join(dir, 'tokens.json');
    writeFileSync(file, '{"format":"xinfang-tokens/2","key":');
    expect(cachedTokens(TEXTS, tokenize, [], file)).toEqual(TEXTS.map(tokenize));
    expect(JSON.parse(readFileSync(file, 'utf8')).format).toBe('xinfang-tokens/2');
    // A folder that cannot be written (here: a path through a file, which fails even for root).
    expect(cachedTokens(TEXTS, tokenize, [], join(file, 'tokens.json'))).toEqual(TEXTS.map(tokenize));
  });
});

describe('tokenTable', () => {
  it('answers texts of an earlier run from the file and tokenises new ones', () => {
    const file = join(tempDir(), 'table.json');
    const first = tokenTable(tokenize, ['词典'], file);
    expect(TEXTS.map(first.tokenize)).toEqual(TEXTS.map(tokenize));
    first.close();
    const calls = counting();
    const again = tokenTable(calls.tokenize, ['词典'], file);
    expect([...TEXTS, '信访事项'].map(again.tokenize)).toEqual([...TEXTS, '信访事项'].map(tokenize));
    expect(calls.calls.n).toBe(1);
    again.close();
    // After close the table is gone: every text goes through the tokenizer.
    expect(again.tokenize(TEXTS[0])).toEqual(tokenize(TEXTS[0]));
    expect(calls.calls.n).toBe(2);
  });

  it('ignores a table written for another dictionary', () => {
    const file = join(tempDir(), 'table.json');
    const first = tokenTable(tokenize, ['词典'], file);
    TEXTS.forEach(first.tokenize);
    first.close();
    const calls = counting();
    const other = tokenTable(calls.tokenize, ['另一个词典'], file);
    TEXTS.forEach(other.tokenize);
    expect(calls.calls.n).toBe(3);
  });
});
