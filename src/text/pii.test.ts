import { describe, expect, it } from 'vitest';
import { findPii, isValidIdNumber, maskPii, passesLuhn } from './pii.ts';

// Built from the GB 11643 check rule so the fixture is valid without being anybody's number.
function idWithCheck(first17: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = w.reduce((s, x, i) => s + x * Number(first17[i]), 0);
  return first17 + '10X98765432'[sum % 11];
}
const ID = idWithCheck('43010219800101123');
const BAD_ID = ID.slice(0, 17) + (ID[17] === '0' ? '1' : '0');
const CARD = '6222020200112233445'; // checked below to pass Luhn
function luhnFix(prefix: string): string {
  for (let d = 0; d < 10; d++) if (passesLuhn(prefix + d)) return prefix + d;
  throw new Error('unreachable');
}
const VALID_CARD = luhnFix(CARD.slice(0, 18));

describe('findPii', () => {
  it.each([
    ['我叫张三，在某公司上班', 'name', '张三'],
    ['我叫欧阳明月，今年五十岁', 'name', '欧阳明月'],
    ['本人李建国，男，1960年生', 'name', '李建国'],
    ['姓名：王小红', 'name', '王小红'],
    ['举报人的真实姓名是赵小红，电话', 'name', '赵小红'],
    ['邮箱zhoumin1979@example.com。', 'email', 'zhoumin1979@example.com'],
    ['my address, Room 1203, 88 Binjiang Road, in your reply', 'address', 'Room 1203, 88 Binjiang Road'],
    ['I live at 12 Xiangjiang Middle Road now', 'address', '12 Xiangjiang Middle Road'],
    ['我是刘德明，家住附近', 'name', '刘德明'],
    ['信访人司马青云反映拖欠工资', 'name', '司马青云'],
    [`身份证号${ID}，请核实`, 'id_number', ID],
    ['联系电话13812345678。', 'mobile', '13812345678'],
    ['手机 138-1234-5678', 'mobile', '138-1234-5678'],
    ['+86 13912345678', 'mobile', '+86 13912345678'],
    ['座机0731-84567890', 'landline', '0731-84567890'],
    ['电话(0731)84567890', 'landline', '(0731)84567890'],
    [`工资卡号${VALID_CARD}`, 'bank_card', VALID_CARD],
    ['我家住A市岳麓区桃花路18号3栋2单元501室，一直', 'address', 'A市岳麓区桃花路18号3栋2单元501室'],
    ['楼下人民路18号的餐馆', 'address', '楼下人民路18号'],
  ])('finds personal data in %s', (text, kind, value) => {
    const spans = findPii(text);
    expect(spans.map((s) => [s.kind, s.value])).toContainEqual([kind, value]);
  });

  it.each([
    ['本人王府井大街开店多年'],
    ['我是李村的村民'],
    ['我是一名教师'],
    ['2019年5月1日至2019年12月31日'],
    ['拖欠工资12000元'],
    ['张某某反映拖欠工资'],
    ['信访人曾多次来访'],
    ['信访人反映拖欠工资'],
    ['依据《劳动合同法》第三十条'],
  ])('finds nothing in %s', (text) => {
    expect(findPii(text)).toEqual([]);
  });

  const fullWidth = (s: string) => s.replace(/[0-9X-]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));
  it.each([
    ['full-width mobile', `联系电话${fullWidth('13812345678')}。`, 'mobile', fullWidth('13812345678')],
    [
      'full-width mobile with full-width hyphens',
      `手机：${fullWidth('138-1234-5678')}`,
      'mobile',
      fullWidth('138-1234-5678'),
    ],
    [
      'full-width mobile with ideographic spaces',
      '电话１３８\u3000１２３４\u3000５６７８，',
      'mobile',
      '１３８\u3000１２３４\u3000５６７８',
    ],
    ['spaced mobile', '手机 138 1234 5678。', 'mobile', '138 1234 5678'],
    ['full-width ID number', `身份证${fullWidth(ID)}，`, 'id_number', fullWidth(ID)],
    [
      'spaced ID number',
      `身份证号${ID.slice(0, 6)} ${ID.slice(6, 14)} ${ID.slice(14)}，`,
      'id_number',
      `${ID.slice(0, 6)} ${ID.slice(6, 14)} ${ID.slice(14)}`,
    ],
    [
      'hyphenated ID number',
      `证件号${ID.slice(0, 6)}-${ID.slice(6, 14)}-${ID.slice(14)}`,
      'id_number',
      `${ID.slice(0, 6)}-${ID.slice(6, 14)}-${ID.slice(14)}`,
    ],
  ])('finds a %s, with the value as written', (_label, text, kind, value) => {
    expect(findPii(text).map((s) => [s.kind, s.value])).toContainEqual([kind, value]);
    expect(maskPii(text).text).not.toMatch(/[0-9０-９]{4}/);
  });

  it('checks the ID check character', () => {
    expect(isValidIdNumber(ID)).toBe(true);
    expect(isValidIdNumber(BAD_ID)).toBe(false);
  });

  it('still masks an 18-digit number after 身份证 when its check character is wrong', () => {
    expect(findPii(`身份证号码${BAD_ID}`)[0]?.kind).toBe('id_number');
  });
});

describe('maskPii', () => {
  it('replaces every span with a numbered placeholder and keeps the map in memory', () => {
    const text = `我叫张三，电话13812345678，身份证${ID}，再说一遍电话13812345678`;
    const r = maskPii(text);
    expect(r.text).toBe('我叫[姓名1]，电话[手机号1]，身份证[身份证号1]，再说一遍电话[手机号1]');
    expect(r.placeholders.get('[手机号1]')).toBe('13812345678');
    expect(r.text).not.toMatch(/\d{11}/);
  });

  it('leaves text without personal data unchanged', () => {
    const text = '公司拖欠我们三个月工资，要求尽快支付。';
    expect(maskPii(text).text).toBe(text);
  });
});

describe('recurring values', () => {
  it('masks a name or address found once wherever it recurs', () => {
    const r = maskPii('华盛新城小区噪音\n我家住华盛新城小区，噪音很大。我叫陈良，请处理。陈良');
    expect(r.text).not.toContain('华盛新城小区');
    expect(r.text).not.toContain('陈良');
  });
});
