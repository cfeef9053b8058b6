import { DUTY_CLOCKS, YELLOW_DAYS, addDays } from '../statutory-clocks.ts';
import type { Db } from './db.ts';
import { dialectOf, type Dialect } from './dialect.ts';
import { byReceiptFrom, countText, textCondition, walkReceiptIndex } from './text-search.ts';
import type { DeadlineRow, PetitionRow } from './petitions-repo.ts';

const UNCATEGORISED = '未分类';

export const SORTS = ['received_desc', 'received_asc', 'risk_desc', 'due_asc'] as const;

/**
 * What the search SQL filters by: the checked query (cases/search-query.ts, SearchQuerySchema) fits it. Kept as a
 * plain type here so that the store does not import the workflow's names or their Chinese messages.
 */
export interface SearchFilter {
  q?: string;
  case_no?: string;
  who?: string;
  status?: string;
  risk?: string;
  colour?: string;
  category?: string;
  department?: string;
  channel?: string;
  from?: string;
  to?: string;
  overdue?: 'true' | 'false';
  sort: (typeof SORTS)[number];
  limit: number;
  offset: number;
}

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

function whereOf(f: SearchFilter, today: string, identityKey: (v: string) => string, dialect: Dialect) {
  const where: string[] = [];
  const params: Record<string, unknown> = { today, soon: addDays(today, YELLOW_DAYS) };
  const add = (sql: string, values: Record<string, unknown> = {}) => {
    where.push(sql);
    Object.assign(params, values);
  };
  const text = f.q ? textCondition(f.q, dialect) : undefined;
  if (text) add(text.sql, text.params);
  if (f.case_no)
    add("p.id LIKE @case_no ESCAPE '\\'", {
      case_no: `${f.case_no.toUpperCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`,
    });
  if (f.who) {
    // Both hashes: identity_key (one number per petitioner) and the lookup table (phone and ID number alike).
    const both =
      'SELECT r.petition_id FROM petitioners r WHERE r.identity_key = @identity UNION SELECT k.petition_id FROM petitioner_lookup k WHERE k.lookup_key = @identity';
    add(`p.id IN (${both})`, { identity: identityKey(identitySource(f.who)) });
  }
  if (f.status) add('p.status = @status', { status: f.status });
  if (f.risk) add('p.risk_level = @risk', { risk: f.risk });
  if (f.category) add('p.category = @category', { category: f.category });
  if (f.channel) add('p.channel = @channel', { channel: f.channel });
  if (f.department) add(`${DEPARTMENT_SQL} = @department`, { department: f.department });
  // Dates are the office's local days (UTC+8); received_at is stored as a UTC instant.
  if (f.from) add('p.received_at >= @from', { from: new Date(`${f.from}T00:00:00+08:00`).toISOString() });
  if (f.to) add('p.received_at < @to', { to: new Date(`${addDays(f.to, 1)}T00:00:00+08:00`).toISOString() });
  if (f.colour) add(colourClause(f.colour));
  if (f.overdue) add(`${f.overdue === 'true' ? '' : 'NOT '}${colourClause('red')}`);
  return {
    clause: where.length ? `WHERE ${where.join(' AND ')}` : '',
    params,
    text,
    textOnly: text && where.length === 1,
  };
}

export interface SearchRow extends PetitionRow {
  department: string | null;
}

/** One page of the register matching the query, and how many match in all. */
export function searchPetitions(
  db: Db,
  f: SearchFilter,
  today: string,
  identityKey: (v: string) => string,
): { rows: SearchRow[]; total: number } {
  const { clause, params, text, textOnly } = whereOf(f, today, identityKey, dialectOf(db));
  // The whole register's size is a maintained count (migration 017) and text alone is counted by its index
  // (migration 018): neither reads every matching row.
  const matches = text ? countText(db, text) : 0;
  const total = textOnly
    ? matches
    : clause
      ? (db.prepare(`SELECT COUNT(*) AS n FROM petitions p ${clause}`).get(params) as { n: number }).n
      : ((db.prepare("SELECT n FROM stat_counts WHERE dim = 'total' AND key = ''").pluck().get() as
          | number
          | undefined) ?? 0);
  const byReceipt = f.sort === 'received_desc' || f.sort === 'received_asc';
  const from =
    text && byReceipt && walkReceiptIndex(db, matches, f.limit + f.offset) ? byReceiptFrom(db) : 'petitions p';
  const page = db
    .prepare(`SELECT p.* FROM ${from} ${clause} ORDER BY ${ORDER[f.sort]} LIMIT @limit OFFSET @offset`)
    .all({ ...params, limit: f.limit, offset: f.offset }) as PetitionRow[];
  // The department only for the rows shown: computed in the first query it was worked out for every match before sorting.
  const departments = new Map(
    (
      db
        .prepare(
          `SELECT p.id, ${DEPARTMENT_SQL} AS department FROM petitions p WHERE p.id IN (SELECT value FROM json_each(?))`,
        )
        .all(JSON.stringify(page.map((r) => r.id))) as { id: string; department: string | null }[]
    ).map((r) => [r.id, r.department]),
  );
  return { rows: page.map((r) => ({ ...r, department: departments.get(r.id) ?? null })), total };
}

/** Every statutory clock of the given petitions, grouped by petition (one query for a page or an export). */
export function deadlinesOf(db: Db, ids: string[]): Map<string, DeadlineRow[]> {
  const out = new Map<string, DeadlineRow[]>(ids.map((id) => [id, []]));
  const stmt = db.prepare(
    'SELECT * FROM deadlines WHERE petition_id IN (SELECT value FROM json_each(?)) ORDER BY due_at',
  );
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
  const keys = (dim: string) =>
    db.prepare('SELECT key FROM stat_counts WHERE dim = ? AND n > 0 ORDER BY key').pluck().all(dim) as string[];
  // The summary counts petitions without a category as 未分类; the form offers the categories triage gave.
  return { categories: keys('category').filter((k) => k !== UNCATEGORISED), departments: keys('department') };
}
