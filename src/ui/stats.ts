import type { MonthRate } from '../store/stats-read.ts';

/** The pilot's targets, shown next to the measured values. */
export const PILOT_TARGETS = { repeatDrop: 0.12, satisfaction: 0.92, replyTimeDrop: 0.3 };

/** Change from the first to the last month with data, e.g. -0.15 for a 15% drop; null with under two months. */
export function firstToLast(months: MonthRate[]): number | null {
  if (months.length < 2) return null;
  const first = months[0].value;
  const last = months[months.length - 1].value;
  if (first === null || last === null || first === 0) return null;
  return (last - first) / first;
}
