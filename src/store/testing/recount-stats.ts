import { REPEAT_WINDOW_DAYS } from '../../cases/case-service.ts';
import { DUTY_CLOCKS, localDate } from '../../statutory-clocks.ts';
import { SATISFIED, type Count, type MonthRate, type Stats } from '../stats-read.ts';
import type { Db } from '../db.ts';
import { dialectOf } from '../dialect.ts';

/**
 * The dashboard's figures recounted from the raw rows (petitions, petitioners, deadlines, follow-ups, events),
 * as the page computed them before migration 017: the reference the maintained summaries are checked against.
 */
// received_at and met_at are UTC ISO strings; the office counts days in UTC+8. PostgreSQL has no datetime():
// its compat functions local_day/local_month (migrations-pg/000-compat.sql) do the same, written apart.
const localDay = (db: Db) => (col: string) =>
  dialectOf(db) === 'postgres' ? `local_day(${col})` : `substr(datetime(${col}, '+8 hours'), 1, 10)`;
const localMonth = (db: Db) => (col: string) =>
  dialectOf(db) === 'postgres' ? `local_month(${col})` : `substr(datetime(${col}, '+8 hours'), 1, 7)`;
const rate = (a: number, b: number) => (b ? a / b : null);

export function recountStats(db: Db, now: Date, days = 30): Stats {
  const all = <T>(sql: string, ...params: unknown[]) => db.prepare(sql).all(...params) as T[];
  const one = <T>(sql: string, ...params: unknown[]) => db.prepare(sql).get(...params) as T;
  const LOCAL_DAY = localDay(db);
  const LOCAL_MONTH = localMonth(db);
  const today = localDate(now);
  const since = localDate(new Date(now.getTime() - (days - 1) * 86_400_000));

  const total = one<{ n: number }>('SELECT COUNT(*) AS n FROM petitions').n;
  const byDay = all<Count>(
    `SELECT ${LOCAL_DAY('received_at')} AS key, COUNT(*) AS n FROM petitions WHERE ${LOCAL_DAY('received_at')} BETWEEN ? AND ? GROUP BY key ORDER BY key`,
    since,
    today,
  );
  const group = (col: string, limit = 12) =>
    all<Count>(
      `SELECT COALESCE(${col}, '未填写') AS key, COUNT(*) AS n FROM petitions GROUP BY key ORDER BY n DESC, key LIMIT ${limit}`,
    );
  const repeatRows = all<{ month: string; repeat: number }>(
    `SELECT ${LOCAL_MONTH('p.received_at')} AS month,
       EXISTS (SELECT 1 FROM petitioners r2 JOIN petitions p2 ON p2.id = r2.petition_id
               WHERE r2.identity_key = r.identity_key AND p2.id != p.id AND p2.received_at < p.received_at
                 AND julianday(p.received_at) - julianday(p2.received_at) <= ${REPEAT_WINDOW_DAYS}) AS repeat
     FROM petitions p JOIN petitioners r ON r.petition_id = p.id WHERE r.identity_key IS NOT NULL`,
  );
  const repeats = repeatRows.filter((r) => r.repeat).length;
  const duty = DUTY_CLOCKS.map((k) => `'${k}'`).join(', ');
  const met = one<{ on_time: number; late: number }>(
    `SELECT COALESCE(SUM(CASE WHEN ${LOCAL_DAY('met_at')} <= due_at THEN 1 ELSE 0 END), 0) AS on_time,
            COALESCE(SUM(CASE WHEN ${LOCAL_DAY('met_at')} > due_at THEN 1 ELSE 0 END), 0) AS late
     FROM deadlines WHERE met_at IS NOT NULL AND kind IN (${duty})`,
  );
  const overdueOpen = one<{ n: number }>(
    `SELECT COUNT(*) AS n FROM deadlines WHERE met_at IS NULL AND kind IN (${duty}) AND due_at < ?`,
    today,
  ).n;
  const byLevel = all<Count>('SELECT satisfaction AS key, COUNT(*) AS n FROM follow_ups GROUP BY key ORDER BY n DESC');
  const fuTotal = byLevel.reduce((s, c) => s + c.n, 0);
  const satisfied = byLevel.filter((c) => SATISFIED.includes(c.key)).reduce((s, c) => s + c.n, 0);
  const replies = all<{ month: string; days: number }>(
    `SELECT ${LOCAL_MONTH('p.received_at')} AS month, MIN(julianday(e.created_at)) - julianday(p.received_at) AS days
     FROM petitions p JOIN events e ON e.petition_id = p.id
     WHERE e.type = 'transition' AND json_extract(e.payload, '$.to') = 'replied' GROUP BY p.id`,
  );
  const have = new Map(byDay.map((r) => [r.key, r.n]));
  const filled: Count[] = [];
  for (let d = since; d <= today; d = new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10))
    filled.push({ key: d, n: have.get(d) ?? 0 });
  return {
    total,
    byDay: filled,
    byCategory: group("COALESCE(category, '未分类')"),
    byChannel: group('channel'),
    byLocation: group('location', 10),
    repeat: {
      rate: rate(repeats, repeatRows.length),
      repeats,
      withIdentity: repeatRows.length,
      byMonth: monthly(repeatRows, (r) => r.repeat),
    },
    onTime: {
      rate: rate(met.on_time, met.on_time + met.late + overdueOpen),
      onTime: met.on_time,
      late: met.late,
      overdueOpen,
    },
    satisfaction: { rate: rate(satisfied, fuTotal), satisfied, total: fuTotal, byLevel },
    replyDays: {
      mean: replies.length ? replies.reduce((s, r) => s + r.days, 0) / replies.length : null,
      n: replies.length,
      byMonth: monthly(replies, (r) => r.days),
    },
  };
}

function monthly<T extends { month: string }>(rows: T[], value: (r: T) => number): MonthRate[] {
  const by = new Map<string, number[]>();
  for (const r of rows) by.set(r.month, [...(by.get(r.month) ?? []), value(r)]);
  return [...by.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([month, vs]) => ({ month, n: vs.length, value: vs.reduce((s, v) => s + v, 0) / vs.length }));
}

/** The search form's choices recounted from every petition's triage and every recorded move (before migration 017). */
export function recountChoices(db: Db): { categories: string[]; departments: string[] } {
  const categories = db
    .prepare('SELECT DISTINCT category FROM petitions WHERE category IS NOT NULL ORDER BY category')
    .pluck()
    .all() as string[];
  const departments = db
    .prepare(
      `SELECT DISTINCT d FROM (SELECT json_extract(triage, '$.department') AS d FROM petitions UNION SELECT json_extract(triage, '$.category.department') FROM petitions
       UNION SELECT json_extract(payload, '$.department') FROM events WHERE type = 'transition') WHERE d IS NOT NULL ORDER BY d`,
    )
    .pluck()
    .all() as string[];
  return { categories, departments };
}
