import { describe, expect, it } from 'vitest';
import { addDays, dueDate, localDate, localMidnight, supervisionColour } from './statutory-clocks.ts';

describe('statutory clocks', () => {
  it.each([
    ['accept', '2026-03-02T09:00:00+08:00', '2026-03-17'],
    ['accept', '2026-03-02T23:30:00+08:00', '2026-03-17'],
    // 00:30 Beijing time is still the previous day in UTC: the office's date counts.
    ['accept', '2026-03-02T00:30:00+08:00', '2026-03-17'],
    ['conclude', '2026-03-17T10:00:00+08:00', '2026-05-16'],
    ['review_request', '2026-12-20T10:00:00+08:00', '2027-01-19'],
  ] as const)('%s clock starting %s is due %s', (kind, start, due) => {
    expect(dueDate(kind, start)).toBe(due);
  });

  it('counts calendar days across month ends and leap years', () => {
    expect(addDays('2028-02-20', 15)).toBe('2028-03-06');
    expect(addDays('2027-02-20', 15)).toBe('2027-03-07');
  });

  it('reads the date in the office time zone', () => {
    expect(localDate('2026-03-01T16:30:00Z')).toBe('2026-03-02');
  });

  it('gives the instant a local date begins', () => {
    expect(localMidnight('2026-03-02')).toBe('2026-03-01T16:00:00.000Z');
    expect(localDate(localMidnight('2026-03-02'))).toBe('2026-03-02');
  });

  describe('supervision colour (三色牌)', () => {
    const clock = (dueAt: string, kind = 'conclude') => [{ kind, dueAt, metAt: null }];
    const now = new Date('2026-03-10T10:00:00+08:00');
    it.each([
      ['green with more than 3 days left', clock('2026-03-14'), false, 'green'],
      ['yellow with 3 days left', clock('2026-03-13'), false, 'yellow'],
      ['yellow on the due day', clock('2026-03-10'), false, 'yellow'],
      ['red the day after the due day', clock('2026-03-09'), false, 'red'],
      ['yellow when extended', clock('2026-04-30'), true, 'yellow'],
      [
        "green when the only overdue clock is the petitioner's window",
        clock('2026-03-01', 'review_request'),
        false,
        'green',
      ],
    ] as const)('%s', (_name, clocks, extended, colour) => {
      expect(supervisionColour([...clocks], extended, now).colour).toBe(colour);
    });
    it('ignores clocks that were met', () => {
      expect(supervisionColour([{ kind: 'accept', dueAt: '2026-03-01', metAt: '2026-02-28' }], false, now).colour).toBe(
        'green',
      );
    });
  });
});
