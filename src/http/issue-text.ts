import { z, type ZodError } from 'zod';
import type { FieldIssue } from '../errors.ts';

type Issue = ZodError['issues'][number];

const TYPE_ZH: Record<string, string> = {
  string: '文本',
  number: '数字',
  int: '整数',
  boolean: '布尔值（true 或 false）',
  array: '数组',
  object: '对象',
  date: '日期',
};
const FORMAT_ZH: Record<string, string> = {
  datetime: '带时区的 ISO 8601 日期时间，例如 2026-03-02T09:30:00+08:00',
  date: 'yyyy-mm-dd 格式的日期',
  url: '网址',
  email: '电子邮箱地址',
  regex: '规定的格式',
};

const english = z.locales.en().localeError;
const defaultText = (i: Issue): string | undefined => {
  const m = english(i as never);
  return typeof m === 'string' ? m : m?.message;
};

/**
 * zod's own English sentence for an issue, in Chinese; a message a schema wrote itself is kept. zod's default
 * is recognised by comparing with what its English locale says (for a missing field the issue no longer holds the
 * input, so "Invalid input: expected …" is matched by its start).
 */
export function issueText(i: Issue): string {
  const isDefault =
    i.message === defaultText(i) || (i.code === 'invalid_type' && /^Invalid input: expected /.test(i.message));
  if (!isDefault) return i.message;
  const n = (v: unknown) => String(v);
  switch (i.code) {
    case 'invalid_type': {
      const want = TYPE_ZH[i.expected] ?? i.expected;
      return /received undefined$/.test(i.message) ? `缺少此项（应为${want}）` : `类型不对，应为${want}`;
    }
    case 'too_small':
      if (i.origin === 'string') return `至少 ${n(i.minimum)} 个字符`;
      if (i.origin === 'array' || i.origin === 'set') return `至少 ${n(i.minimum)} 项`;
      return `不能小于 ${n(i.minimum)}`;
    case 'too_big':
      if (i.origin === 'string') return `最多 ${n(i.maximum)} 个字符`;
      if (i.origin === 'array' || i.origin === 'set') return `最多 ${n(i.maximum)} 项`;
      return `不能大于 ${n(i.maximum)}`;
    case 'invalid_value':
      return `取值应为 ${i.values.map((v) => String(v)).join('、')} 之一`;
    case 'invalid_format':
      return `应为${FORMAT_ZH[i.format] ?? '规定的格式'}`;
    case 'unrecognized_keys':
      return `不认识的字段：${i.keys.join('、')}`;
    case 'not_multiple_of':
      return `应为 ${n(i.divisor)} 的倍数`;
    default:
      return '取值不符合要求';
  }
}

/** Every field problem of a zod failure, with the messages a person reads in Chinese. */
export const zodIssues = (e: ZodError): FieldIssue[] =>
  e.issues.map((i) => ({ path: i.path.length ? i.path.join('.') : '(body)', message: issueText(i) }));
