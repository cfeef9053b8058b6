import fc from 'fast-check';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCorpus } from './corpus.ts';
import { parseLaw } from './parse.ts';

// Property tests of the LawRefBook Markdown parser (owned by the clauses work; these only read it).
const NUM_RUNS = Number(process.env.FUZZ_RUNS ?? 500);

const numeral = fc.stringMatching(/^[零〇一二三四五六七八九十百千万]{1,6}$/);
const line = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.constantFrom(
    '# 中华人民共和国信访法',
    '#',
    '# ',
    '####### x',
    '## 第一章 总则',
    '### 第二节  监  护',
    '<!-- INFO END -->',
    '<!--',
    '',
    '\t',
    '\u3000',
  ),
  fc
    .tuple(
      fc.constantFrom('#', '##', '###', '######'),
      fc.constantFrom(' ', '\t', '\u3000', ''),
      fc.string({ maxLength: 20 }),
    )
    .map((p) => p.join('')),
  fc
    .tuple(
      fc.constantFrom('第', '笫'),
      numeral,
      fc.constantFrom('条 ', ' 条', '条之', '条'),
      fc.option(numeral, { nil: '' }),
      fc.constantFrom(' ', ''),
      fc.string({ maxLength: 40 }),
    )
    .map((p) => p.join('')),
  fc.constant('条'.repeat(50_000)),
);
const markdown = fc
  .array(line, { maxLength: 40 })
  .chain((lines) => fc.constantFrom('\n', '\r\n', '\r').map((eol) => lines.join(eol)));

describe('parseLaw under generated Markdown', () => {
  it(`never throws and yields well-formed articles (${NUM_RUNS} documents)`, () => {
    fc.assert(
      fc.property(markdown, (md) => {
        const law = parseLaw(md, { lawId: 'fuzz' });
        expect(typeof law.title).toBe('string');
        for (const a of law.articles) {
          expect(a.article).toMatch(/^第.+条/);
          expect(typeof a.text).toBe('string');
          expect(typeof a.number).toBe('number');
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('never throws on arbitrary strings, including lone surrogates and 100,000-character lines', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 500 }),
          fc.constant('第'.repeat(100_000)),
          fc.constant('#'.repeat(100_000)),
        ),
        (md) => {
          parseLaw(md, { lawId: 'fuzz' });
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });
});

describe('loadCorpus under generated folders', () => {
  it('loads any set of Markdown files without a manifest', () => {
    fc.assert(
      fc.property(fc.array(markdown, { minLength: 1, maxLength: 4 }), (docs) => {
        const dir = mkdtempSync(join(tmpdir(), 'xf-corpus-'));
        mkdirSync(join(dir, 'sub'));
        docs.forEach((md, i) => writeFileSync(join(dir, i % 2 ? 'sub' : '.', `law-${i}.md`), md));
        const corpus = loadCorpus(dir);
        expect(corpus).toBeDefined();
      }),
      { numRuns: 50 },
    );
  });
});
