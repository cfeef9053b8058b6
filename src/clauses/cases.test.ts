import { describe, expect, it } from 'vitest';
import { createCaseIndex, parseCase } from './cases.ts';

const index = createCaseIndex(new URL('../../corpus/cases/', import.meta.url).pathname);

describe('createCaseIndex', () => {
  it('indexes all 52 cases of the manifest, each with a title, a category and a holding', () => {
    expect(index.cases).toHaveLength(52);
    for (const c of index.cases) {
      expect(c.title).not.toBe('');
      expect(['劳动人事', '民法典', '消费购物', '行政协议诉讼']).toContain(c.category);
      expect(c.holding.length).toBeGreaterThan(10);
    }
  });

  it.each([
    ['公司让我签了放弃加班费的协议，现在不给加班费', '劳动人事'],
    ['饭店卖给我过期的食品，我要求赔偿', '消费购物'],
    ['政府和我签了拆迁补偿协议后不履行', '行政协议诉讼'],
  ])('finds a %s case for “%s”', (text, category) => {
    const hits = index.similarCases(text, 3);
    expect(hits).toHaveLength(3);
    expect(hits[0].category).toBe(category);
    expect(hits[0].score).toBeGreaterThanOrEqual(hits[1].score);
  });

  it('prefers 裁判要旨 over 典型意义 and skips trailing full-width spaces in headings', () => {
    const md =
      '# 某案\n\n<!-- INFO END -->\n\n## 基本案情\u3000\n\n甲诉乙。\n\n## 典型意义\n\n意义。\n\n## 裁判要旨\n\n要旨。';
    const c = parseCase(md, 'x', '民法典');
    expect(Object.keys(c.sections)).toEqual(['基本案情', '典型意义', '裁判要旨']);
    expect(c.holding).toBe('要旨。');
  });
});
