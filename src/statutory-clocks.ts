/**
 * Statutory clocks of 《信访工作条例》 (2022), in calendar days on the office's local date (Asia/Shanghai).
 * A deadline is the last day on which the duty may be done; the case is overdue from the day after.
 *
 * Pure rules with no imports, at the bottom of the layers: the workflow (cases/) computes clocks with them
 * and the store's SQL (overdue filter, 三色牌 search) applies the same rule without importing cases/.
 */
/** The pilot office's rule (not the Regulations'): a case re-opened by 二次督办 is answered again within 30 days. */
export const REHANDLE_DAYS = 30;

export const CLOCK_RULES = {
  accept: { days: 15, article: '第二十二条、第二十三条', label: '受理或转送告知', duty: true },
  conclude: { days: 60, article: '第三十四条', label: '办结', duty: true },
  review_request: { days: 30, article: '第三十五条', label: '申请复查期限', duty: false },
  review_answer: { days: 30, article: '第三十五条', label: '复查答复', duty: true },
  recheck_request: { days: 30, article: '第三十六条', label: '申请复核期限', duty: false },
  recheck_answer: { days: 30, article: '第三十六条', label: '复核答复', duty: true },
  // Not a statutory period: the pilot office's own rule for a second handling round after 二次督办.
  rehandle: { days: REHANDLE_DAYS, article: '', label: '二次督办重新办理', duty: true },
} as const;

/**
 * Clocks that bind the office. The request windows bind the petitioner: when one runs out the case is
 * not overdue, the petitioner has simply lost the right to ask.
 */
export const DUTY_CLOCKS = (Object.keys(CLOCK_RULES) as (keyof typeof CLOCK_RULES)[]).filter(
  (k) => CLOCK_RULES[k].duty,
);

export type ClockKind = keyof typeof CLOCK_RULES;

/** Art. 34: one extension, at most 30 days. */
export const MAX_EXTENSION_DAYS = 30;

/** Cases with this many days or fewer left are shown yellow (the pilot's 三色牌). */
export const YELLOW_DAYS = 3;

const OFFICE_TZ_OFFSET_MS = 8 * 3600 * 1000;

/** The office's calendar date (YYYY-MM-DD) of an instant. China has no daylight saving, so +08:00 is exact. */
export function localDate(instant: Date | string): string {
  return new Date(new Date(instant).getTime() + OFFICE_TZ_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant (ISO, UTC) at which a local YYYY-MM-DD date begins in the office's time zone. */
export function localMidnight(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - OFFICE_TZ_OFFSET_MS).toISOString();
}

/** Adds calendar days to a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (both YYYY-MM-DD); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The due date of a clock that starts on the given instant. */
export function dueDate(kind: ClockKind, startsAt: Date | string): string {
  return addDays(localDate(startsAt), CLOCK_RULES[kind].days);
}

export type Colour = 'green' | 'yellow' | 'red';

export interface OpenClock {
  kind: string;
  dueAt: string;
  metAt: string | null;
}

/**
 * The supervision colour (三色牌): red when any open clock is overdue; yellow when one has
 * YELLOW_DAYS or fewer left, or the case was extended; green otherwise.
 */
export function supervisionColour(
  clocks: OpenClock[],
  extended: boolean,
  now: Date,
): { colour: Colour; daysLeft: number | null } {
  const today = localDate(now);
  const open = clocks.filter((c) => !c.metAt && (DUTY_CLOCKS as string[]).includes(c.kind));
  const daysLeft = open.length ? Math.min(...open.map((c) => daysBetween(today, c.dueAt))) : null;
  if (daysLeft !== null && daysLeft < 0) return { colour: 'red', daysLeft };
  if ((daysLeft !== null && daysLeft <= YELLOW_DAYS) || extended) return { colour: 'yellow', daysLeft };
  return { colour: 'green', daysLeft };
}
