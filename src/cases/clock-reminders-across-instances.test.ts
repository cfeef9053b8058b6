import { randomInt } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { simpleTriage } from '../alerts/testing/simple-triage.ts';
import { createManualClock } from '../clock.ts';
import { testConfig } from '../config.ts';
import { createDeps } from '../deps.ts';
import { migratePg } from '../store/pg/migrate-pg.ts';
import { openTestSchema, skipReason, type TestSchema } from '../store/pg/testing/pg-test-db.ts';
import { until } from '../testing/sse-client.ts';
import { runTimerStep } from '../testing/timer-step.ts';
import type { PetitionInput } from './petition-schema.ts';

const skip = skipReason();
const OPEN = 100; // their accept clock (ends 2026-03-17) stays open
const ACCEPTED = 50; // accepted at once: their conclude clock ends 2026-05-01
const INSTANCES = 2;
const BASE = '2026-03-02T09:00:00+08:00';
const TEXT = '小区门口路灯坏了两个月，晚上出行不便，请尽快维修。';

/**
 * Issue 22: every instance runs the reminder sweep; on one PostgreSQL database each reminder is sent by one of them
 * only, because its row in clock_reminders is claimed with INSERT … ON CONFLICT DO NOTHING RETURNING.
 */
describe.skipIf(skip)('statutory clock reminders across instances on one PostgreSQL database', () => {
  let t: TestSchema;
  beforeEach(() => {
    t = openTestSchema();
    migratePg(t.db);
  });
  afterEach(() => t.drop());

  it('sends each reminder exactly once when two processes sweep the same due deadlines at the same moment', async () => {
    const deps = await createDeps(testConfig(), { db: t.db, clock: createManualClock(BASE), triage: simpleTriage });
    deps.alerts.close();
    deps.reminders.close();
    deps.anchoring.close();
    for (let i = 0; i < OPEN + ACCEPTED; i++) {
      const { id } = deps.cases.register(
        { text: TEXT, channel: '网络', attachments: [] } as unknown as PetitionInput,
        'reception',
      );
      if (i >= OPEN)
        deps.cases.transition(id, { to: 'screened', decision: 'accepted', actor: '科员', reason: '符合受理条件' });
    }

    const figures: string[] = [];
    // Round 1: 100 accept clocks overdue and 50 conclude clocks due soon; round 2: those 50 overdue.
    const rounds = [
      { now: '2026-04-29T09:00:00+08:00', expected: OPEN + ACCEPTED },
      { now: '2026-05-03T09:00:00+08:00', expected: ACCEPTED },
    ];
    let total = 0;
    for (const [i, round] of rounds.entries()) {
      const key = randomInt(1, 2 ** 31 - 1);
      t.db.prepare('SELECT pg_advisory_lock(?)').get(key);
      const runs = Array.from({ length: INSTANCES }, () =>
        runTimerStep('remind', t.schema, new Date(round.now).toISOString(), key),
      );
      const waiting = t.db.prepare(
        "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND objid = CAST(? AS oid)",
      );
      await until(() => waiting.pluck().get(key) === INSTANCES, 60_000);
      const started = performance.now();
      t.db.prepare('SELECT pg_advisory_unlock(?)').get(key);
      const results = await Promise.all(runs);
      const ms = performance.now() - started;
      total += round.expected;

      const payloads = t.db.prepare("SELECT petition_id, payload FROM events WHERE type = 'clock_reminder'").all() as {
        petition_id: string;
        payload: string;
      }[];
      const seen = new Map<string, number>();
      for (const e of payloads) {
        const p = JSON.parse(e.payload) as { clock: string; due_at: string; reminder: string };
        const k = `${e.petition_id} ${p.clock} ${p.due_at} ${p.reminder}`;
        seen.set(k, (seen.get(k) ?? 0) + 1);
      }
      const duplicates = [...seen.values()].filter((n) => n > 1).length;
      figures.push(
        `round ${i + 1}: sent ${results.map((r) => r.acted).join(' + ')}, ` +
          `rolled-back sweeps ${results.map((r) => r.failed).join(' + ')}, duplicates ${duplicates}, ${ms.toFixed(0)} ms`,
      );
      expect(duplicates).toBe(0);
      expect(seen.size).toBe(total);
      expect(payloads).toHaveLength(total);
      expect(results.reduce((n, r) => n + r.acted, 0)).toBe(round.expected);
      expect(t.db.prepare('SELECT COUNT(*) FROM clock_reminders').pluck().get()).toBe(total);
    }
    expect(deps.events.verify().ok).toBe(true);
    console.log(`local measurement (${INSTANCES} processes): ${figures.join('; ')}`);
  }, 240_000);
});
