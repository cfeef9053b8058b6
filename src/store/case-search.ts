import { z } from 'zod';
import { DUTY_CLOCKS, YELLOW_DAYS, addDays } from '../statutory-clocks.ts';
import { CHANNELS } from '../cases/petition-schema.ts';
import { STEP_NAMES } from '../cases/workflow.ts';
import type { Db } from './db.ts';
import type { DeadlineRow, PetitionRow } from './petitions-repo.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const UNCATEGORISED = '未分类';
const optional = <T extends z.ZodType>(s: T) => z.preprocess((v) => (v === '' ? undefined : v), s.optional());

export const SORTS = ['received_desc', 'received_asc', 'risk_desc', 'due_asc'] as const;

/** What a clerk can ask of the whole register: text, case number, petitioner (by keyed hash), filters, order, page. */
export const SearchQuerySchema = z.object({
  q: optional(z.string().trim().min(1, '检索词不能为空').max(100, '检索词最多 100 字')),
  /** A case number (编号), whole or its start. */
  case_no: optional(z.string().trim().min(2, '编号至少 2 个字符').max(64)),
  /** A petitioner's phone or ID number: matched through the keyed identity hash, never by reading identities. */
  who: optional(z.string().trim().regex(/^(?:[\d\s-]{7,20}|\d{17}[\dXx])$/, '请输入完整的手机号或身份证号')),
  status: optional(z.enum(STEP_NAMES as [string, ...string[]], { message: '环节取值无效' })),
  risk: optional(z.enum(['red', 'yellow', 'green'], { message: '风险等级取值无效（可选：红色、黄色、绿色）' })),
  colour: optional(z.enum(['red', 'yellow', 'green'], { message: '三色牌取值无效（可选：红牌、黄牌、绿牌）' })),
  category: optional(z.string().trim().max(50)),
  department: optional(z.string().trim().max(100)),
  channel: optional(z.enum(CHANNELS, { message: `渠道应为 ${CHANNELS.join('、')} 之一` })),
  from: optional(z.string().regex(DATE, '起始日期应写作“年-月-日”，如 2026-03-01')),
  to: optional(z.string().regex(DATE, '截止日期应写作“年-月-日”，如 2026-03-31')),
  overdue: optional(z.enum(['true', 'false'], { message: '是否超期取值无效' })),
  sort: z.preprocess((v) => (v === '' ? undefined : v), z.enum(SORTS, { message: '排序方式无效' }).default('received_desc')),
  limit: z.coerce.number().int().min(1, '每页至少 1 条').max(200, '每页最多 200 条').default(20),
  offset: z.coerce.number().int().min(0, '偏移不能为负').default(0),
});
export type SearchQuery = z.infer<typeof SearchQuerySchema>;

/** Digits of a phone, or the upper-cased ID number: the same normalisation registration hashes (cases/case-service.ts, store/petitioner-lookup.ts). */
export function identitySource(who: string): string {
  const compact = who.replace(/[\s-]/g, '');
  return /^\d{17}[\dXx]$/.test(compact) ? compact.toUpperCase() : compact.replace(/\D/g, '');
}

const ORDER: Record<(typeof SORTS)[number], string> = {
  received_desc: 'p.received_at DESC, p.id',
  received_asc: 'p.received_at ASC, p.id',
  risk_desc: 'coalesce(p.risk_score, -1) DESC, p.received_at DESC, p.id',
  due_asc: `coalesce((SELECT MIN(d.due_at) FROM deadlines d WHERE d.petition_id = p.id AND d.met_at IS NULL AND d.kind IN (${DUTY_CLOCKS.map((k) => `'${k}'`).join(', ')})), '9999') ASC, p.id`,
};

/** The 三色牌 in SQL, the same rule as statutory-clocks.ts supervisionColour: red overdue, yellow due soon or extended. */
function colourClause(colour: string): string {
  const duty = DUTY_CLOCKS.map((k) => `'${k}'`).join(', ');
  const open = `FROM deadlines d WHERE d.petition_id = p.id AND d.met_at IS NULL AND d.kind IN (${duty})`;
  const red = `EXISTS (SELECT 1 ${open} AND d.due_at < @today)`;
  const yellow = `(EXISTS (SELECT 1 ${open} AND d.due_at <= @soon) OR p.extended = 1)`;
  if (colour === 'red') return red;
  if (colour === 'yellow') return `NOT ${red} AND ${yellow}`;
  return `NOT ${red} AND NOT ${yellow}`;
}

/** The department the case was routed to (a recorded 分流 move wins), else triage's suggestion. */
export const DEPARTMENT_SQL = `coalesce(
  (SELECT json_extract(e.payload, '$.department') FROM events e WHERE e.petition_id = p.id AND e.type = 'transition'
     AND json_extract(e.payload, '$.department') IS NOT NULL ORDER BY e.seq DESC LIMIT 1),
  json_extract(p.triage, '$.department'), json_extract(p.triage, '$.category.department'))`;

function whereOf(f: SearchQuery, today: string, identityKey: (v: string) => string) {
  const where: string[] = [];
  const params: Record<string, unknown> = { today, soon: addDays(today, YELLOW_DAYS) };
  const add = (sql: string, values: Record<string, unknown> = {}) => {
    where.push(sql);
    Object.assign(params, values);
  };
  if (f.q) {
    // The trigram index needs three characters; shorter queries fall back to a scan of the (sealed) text.
    if ([...f.q].length >= 3) add('p.rowid IN (SELECT rowid FROM petitions_fts WHERE petitions_fts MATCH @fts)', { fts: `"${f.q.replaceAll('"', '""')}"` });
    else add("(p.text LIKE @like ESCAPE '\\' OR p.title LIKE @like ESCAPE '\\')", { like: `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` });
  }
  if (f.case_no) add("p.id LIKE @case_no ESCAPE '\\'", { case_no: `${f.case_no.toUpperCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%` });
  if (f.who) {
    // Both hashes: identity_key (one number per petitioner) and the lookup table (phone and ID number alike).
    const both = 'SELECT r.petition_id FROM petitioners r WHERE r.identity_key = @identity UNION SELECT k.petition_id FROM petitioner_lookup k WHERE k.lookup_key = @identity';
    add(`p.id IN (${both})`, { identity: identityKey(identitySource(f.who)) });
  }
  if (f.status) add('p.status = @status', { status: f.status });
  if (f.risk) add('p.risk_level = @risk', { risk: f.risk });
  if (f.category) add('p.category = @category', { category: f.category });
  if (f.channel) add('p.channel = @channel', { channel: f.channel });
  if (f.department) add(`${DEPARTMENT_SQL} = @department`, { department: f.department });
  // Dates are the office's local days (UTC+8); received_at is stored as a UTC instant.
  if (f.from) add("p.received_at >= @from", { from: new Date(`${f.from}T00:00:00+08:00`).toISOString() });
  if (f.to) add("p.received_at < @to", { to: new Date(`${addDays(f.to, 1)}T00:00:00+08:00`).toISOString() });
  if (f.colour) add(colourClause(f.colour));
  if (f.overdue) add(`${f.overdue === 'true' ? '' : 'NOT '}${colourClause('red')}`);
  return { clause: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
}

export interface SearchRow extends PetitionRow {
  department: string | null;
}

/** One page of the register matching the query, and how many match in all. */
export function searchPetitions(db: Db, f: SearchQuery, today: string, identityKey: (v: string) => string): { rows: SearchRow[]; total: number } {
  const { clause, params } = whereOf(f, today, identityKey);
  // The whole register's size is a maintained count (migration 017): no filter, no count of every row.
  const total = clause
    ? (db.prepare(`SELECT COUNT(*) AS n FROM petitions p ${clause}`).get(params) as { n: number }).n
    : ((db.prepare("SELECT n FROM stat_counts WHERE dim = 'total' AND key = ''").pluck().get() as number | undefined) ?? 0);
  const page = db
    .prepare(`SELECT p.* FROM petitions p ${clause} ORDER BY ${ORDER[f.sort]} LIMIT @limit OFFSET @offset`)
    .all({ ...params, limit: f.limit, offset: f.offset }) as PetitionRow[];
  // The department only for the rows shown: computed in the first query it was worked out for every match before sorting.
  const departments = new Map(
    (db.prepare(`SELECT p.id, ${DEPARTMENT_SQL} AS department FROM petitions p WHERE p.id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(page.map((r) => r.id))) as { id: string; department: string | null }[]).map((r) => [r.id, r.department]),
  );
  return { rows: page.map((r) => ({ ...r, department: departments.get(r.id) ?? null })), total };
}

/** Every statutory clock of the given petitions, grouped by petition (one query for a page or an export). */
export function deadlinesOf(db: Db, ids: string[]): Map<string, DeadlineRow[]> {
  const out = new Map<string, DeadlineRow[]>(ids.map((id) => [id, []]));
  const stmt = db.prepare('SELECT * FROM deadlines WHERE petition_id IN (SELECT value FROM json_each(?)) ORDER BY due_at');
  for (const d of stmt.all(JSON.stringify(ids)) as DeadlineRow[]) out.get(d.petition_id)?.push(d);
  return out;
}

/** When each step was entered (the case file's transitions), per petition: step → first time. */
export function stepTimesOf(db: Db, ids: string[]): Map<string, Record<string, string>> {
  const out = new Map<string, Record<string, string>>(ids.map((id) => [id, {}]));
  const rows = db
    .prepare(
      `SELECT petition_id, json_extract(payload, '$.to') AS step, MIN(created_at) AS at FROM events
       WHERE type = 'transition' AND petition_id IN (SELECT value FROM json_each(?)) GROUP BY petition_id, step`,
    )
    .all(JSON.stringify(ids)) as { petition_id: string; step: string; at: string }[];
  for (const r of rows) if (r.step) out.get(r.petition_id)![r.step] = r.at;
  return out;
}

/** The values the filters can take in this register (for the search form's choices), from the summaries of migration 017. */
export function filterChoices(db: Db): { categories: string[]; departments: string[] } {
  const keys = (dim: string) => db.prepare('SELECT key FROM stat_counts WHERE dim = ? AND n > 0 ORDER BY key').pluck().all(dim) as string[];
  // The summary counts petitions without a category as 未分类; the form offers the categories triage gave.
  return { categories: keys('category').filter((k) => k !== UNCATEGORISED), departments: keys('department') };
}
