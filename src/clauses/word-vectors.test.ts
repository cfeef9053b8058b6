import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { termCounts } from './affinity.ts';
import { createTokenizer } from './tokenize.ts';
import { letterVector, loadWordVectors } from './word-vectors.ts';

const cos = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i], 0);

describe('word vectors (round 26)', () => {
  it('reads int8 values times the scale, and weights a letter’s words by (1 + log tf) × idf', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wv-'));
    const base = join(dir, 'wv');
    writeFileSync(`${base}.json`, JSON.stringify({ dim: 2, scale: 0.01, words: ['工资', '噪声'], idf: [1, 3] }));
    writeFileSync(`${base}.bin`, Buffer.from(Int8Array.from([100, 0, 0, 100]).buffer));
    const wv = loadWordVectors(base);
    expect([...wv.vec]).toEqual([1, 0, 0, 1]);
    const v = letterVector(
      wv,
      new Map([
        ['工资', 1],
        ['噪声', 1],
        ['未知', 5],
      ]),
    );
    expect(v[0]).toBeCloseTo(1 / Math.sqrt(10));
    expect(v[1]).toBeCloseTo(3 / Math.sqrt(10));
    expect([...letterVector(wv, new Map([['未知', 1]]))]).toEqual([0, 0]);
  });

  it('refuses a vector file whose length does not match its header', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wv-'));
    const base = join(dir, 'wv');
    writeFileSync(`${base}.json`, JSON.stringify({ dim: 2, scale: 0.01, words: ['工资'], idf: [1] }));
    writeFileSync(`${base}.bin`, Buffer.from([1, 2, 3]));
    expect(() => loadWordVectors(base)).toThrow(/不符/);
  });

  it('the shipped vectors put a wage letter nearer a wage letter in other words than a noise letter', () => {
    const wv = loadWordVectors();
    const tok = createTokenizer();
    const v = (s: string) => letterVector(wv, termCounts(tok(s)));
    const wage = v('老板拖欠我们三个月工资，一直不发');
    const pay = v('公司欠薪不给，讨要无果');
    const noise = v('楼下广场舞音响太吵，晚上睡不着');
    expect(cos(wage, pay)).toBeGreaterThan(cos(wage, noise) + 0.1);
    expect(cos(wage, wage)).toBeCloseTo(1, 5);
  });
});
