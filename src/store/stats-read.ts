import { localDate } from '../statutory-clocks.ts';
import type { Db } from './db.ts';
import { dashboardFigures, type Count } from './read-model.ts';

export type { Count };

export interface MonthRate {
  month: string;
  value: number | null;
  n: number;
}

export interface Stats {
  total: number;
  byDay: Count[];
  byCategory: Count[];
  byChannel: Count[];
  byLocation: Count[];
  repeat: { rate: number | null; repeats: number; withIdentity: number; byMonth: MonthRate[] };
  onTime: { rate: number | null; onTime: number; late: number; overdueOpen: number };
  satisfaction: { rate: number | null; satisfied: number; total: number; byLevel: Count[] };
  replyDays: { mean: number | null; n: number; byMonth: MonthRate[] };
}

/** Satisfaction counts 非常满意, 满意 and 基本满意 as satisfied (the pilot's 满意率). */
export const SATISFIED = ['非常满意', '满意', '基本满意'];

const rate = (a: number, b: number) => (b ? a / b : null);
const DAY_MS = 86_400_000;

/**
 * Dashboard figures from the maintained summaries (store/read-model.ts, migration 017): a view reads a few
 * rows per day, month or key, not every petition. Days and months are the office's local ones (UTC+8).
 */
export function computeStats(db: Db, now: Date, days = 30): Stats {
  const today = localDate(now);
  const since = localDate(new Date(now.getTime() - (days - 1) * DAY_MS));
  const f = dashboardFigures(db, today, since);
  const withIdentity = f.months.reduce((s, m) => s + m.withIdentity, 0);
  const repeats = f.months.reduce((s, m) => s + m.repeats, 0);
  const replied = f.months.reduce((s, m) => s + m.replied, 0);
  const replyMs = f.months.reduce((s, m) => s + m.replyMs, 0);
  const fuTotal = f.satisfaction.reduce((s, c) => s + c.n, 0);
  const satisfied = f.satisfaction.filter((c) => SATISFIED.includes(c.key)).reduce((s, c) => s + c.n, 0);
  const { onTime, late } = f.met;
  return {
    total: f.total,
    byDay: fillDays(f.byDay, since, today),
    byCategory: f.byCategory,
    byChannel: f.byChannel,
    byLocation: f.byLocation,
    repeat: {
      rate: rate(repeats, withIdentity),
      repeats,
      withIdentity,
      byMonth: f.months
        .filter((m) => m.withIdentity)
        .map((m) => ({ month: m.month, n: m.withIdentity, value: m.repeats / m.withIdentity })),
    },
    onTime: { rate: rate(onTime, onTime + late + f.overdueClocks), onTime, late, overdueOpen: f.overdueClocks },
    satisfaction: { rate: rate(satisfied, fuTotal), satisfied, total: fuTotal, byLevel: f.satisfaction },
    replyDays: {
      mean: replied ? replyMs / replied / DAY_MS : null,
      n: replied,
      byMonth: f.months
        .filter((m) => m.replied)
        .map((m) => ({ month: m.month, n: m.replied, value: m.replyMs / m.replied / DAY_MS })),
    },
  };
}

/** Every day of the window, with 0 for days without petitions, so the chart's x axis is honest. */
function fillDays(rows: Count[], since: string, until: string): Count[] {
  const have = new Map(rows.map((r) => [r.key, r.n]));
  const out: Count[] = [];
  for (let d = since; d <= until; d = nextDay(d)) out.push({ key: d, n: have.get(d) ?? 0 });
  return out;
}

function nextDay(d: string): string {
  const t = new Date(`${d}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + 1);
  return t.toISOString().slice(0, 10);
}
