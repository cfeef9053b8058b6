import { z } from 'zod';
import { SORTS } from '../store/case-search.ts';
import { CHANNELS } from './petition-schema.ts';
import { STEP_NAMES } from './workflow.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const optional = <T extends z.ZodType>(s: T) => z.preprocess((v) => (v === '' ? undefined : v), s.optional());

/** What a clerk can ask of the whole register: text, case number, petitioner (by keyed hash), filters, order, page. */
export const SearchQuerySchema = z.object({
  q: optional(z.string().trim().min(1, '检索词不能为空').max(100, '检索词最多 100 字')),
  /** A case number (编号), whole or its start. */
  case_no: optional(z.string().trim().min(2, '编号至少 2 个字符').max(64)),
  /** A petitioner's phone or ID number: matched through the keyed identity hash, never by reading identities. */
  who: optional(
    z
      .string()
      .trim()
      .regex(/^(?:[\d\s-]{7,20}|\d{17}[\dXx])$/, '请输入完整的手机号或身份证号'),
  ),
  status: optional(z.enum(STEP_NAMES as [string, ...string[]], { message: '环节取值无效' })),
  risk: optional(z.enum(['red', 'yellow', 'green'], { message: '风险等级取值无效（可选：红色、黄色、绿色）' })),
  colour: optional(z.enum(['red', 'yellow', 'green'], { message: '三色牌取值无效（可选：红牌、黄牌、绿牌）' })),
  category: optional(z.string().trim().max(50)),
  department: optional(z.string().trim().max(100)),
  channel: optional(z.enum(CHANNELS, { message: `渠道应为 ${CHANNELS.join('、')} 之一` })),
  from: optional(z.string().regex(DATE, '起始日期应写作“年-月-日”，如 2026-03-01')),
  to: optional(z.string().regex(DATE, '截止日期应写作“年-月-日”，如 2026-03-31')),
  overdue: optional(z.enum(['true', 'false'], { message: '是否超期取值无效' })),
  sort: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.enum(SORTS, { message: '排序方式无效' }).default('received_desc'),
  ),
  limit: z.coerce.number().int().min(1, '每页至少 1 条').max(200, '每页最多 200 条').default(20),
  offset: z.coerce.number().int().min(0, '偏移不能为负').default(0),
});
export type SearchQuery = z.infer<typeof SearchQuerySchema>;
