import { describe, expect, it } from 'vitest';
import { createSegmenter } from './segment.ts';

const segmenter = createSegmenter();

describe('createSegmenter', () => {
  it.each(['拖欠工资', '农民工', '劳动仲裁', '信访事项', '征收补偿', '物业费', '群体访', '进京'])(
    'keeps the petition term %s whole',
    (term) => {
      expect(segmenter.cut(`我们${term}的问题`)).toContain(term);
    },
  );

  it('returns words whose concatenation is the input', () => {
    const text = '农民工去劳动仲裁，要求支付拖欠工资3万元。';
    expect(segmenter.cut(text).join('')).toBe(text);
  });

  it('accepts an extra dictionary', () => {
    const s = createSegmenter({ extraDict: '暮云街道 100000 ns\n' });
    expect(s.cut('暮云街道交通')).toContain('暮云街道');
  });
});
