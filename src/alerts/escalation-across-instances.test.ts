import { randomInt } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migratePg } from '../store/pg/migrate-pg.ts';
import { openTestSchema, skipReason, type TestSchema } from '../store/pg/testing/pg-test-db.ts';
import { until } from '../testing/sse-client.ts';
import { runTimerStep } from '../testing/timer-step.ts';
import { alertFixture, RED_TEXT } from './testing/alert-fixture.ts';

const skip = skipReason();
const ALERTS = 250; // more than two batches (ESCALATION_BATCH = 100) for each instance to take
const INSTANCES = 2;
const BASE = '2026-03-02T09:00:00+08:00';

/**
 * Issue 22, design step 5: every instance runs the escalation timer; on one PostgreSQL database an alert is
 * escalated by one of them only (the batch is claimed with FOR UPDATE SKIP LOCKED and re-checked).
 */
describe.skipIf(skip)('escalation across instances on one PostgreSQL database', () => {
  let t: TestSchema;
  beforeEach(() => {
    t = openTestSchema();
    migratePg(t.db);
  });
  afterEach(() => t.drop());

  it('escalates each due alert exactly once when two processes run their escalation step at the same moment', async () => {
    const { deps, register } = await alertFixture(BASE, undefined, { db: t.db });
    deps.alerts.close();
    deps.anchoring.close();
    register(RED_TEXT);
    // Copies of the registered alert on the same petition: many due alerts without registering each.
    t.db
      .prepare(
        `INSERT INTO alerts (id, kind, petition_id, cluster_id, level, reason, evidence, created_at, next_escalation_at)
         SELECT id || '-' || g, kind, petition_id, cluster_id, level, reason, evidence, created_at, next_escalation_at
         FROM alerts, generate_series(1, ?) AS g`,
      )
      .run(ALERTS - 1);
    expect(t.db.prepare('SELECT COUNT(*) FROM alerts').pluck().get()).toBe(ALERTS);

    const figures: string[] = [];
    // Three rounds: each alert goes from level 0 to the maximum (3), one level per round.
    for (let round = 1; round <= 3; round++) {
      const key = randomInt(1, 2 ** 31 - 1);
      const now = new Date(new Date(BASE).getTime() + round * 3_600_000).toISOString();
      t.db.prepare('SELECT pg_advisory_lock(?)').get(key);
      const runs = Array.from({ length: INSTANCES }, () => runTimerStep('escalate', t.schema, now, key));
      const waiting = t.db.prepare(
        "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND objid = CAST(? AS oid)",
      );
      await until(() => waiting.pluck().get(key) === INSTANCES, 60_000);
      const started = performance.now();
      t.db.prepare('SELECT pg_advisory_unlock(?)').get(key);
      const results = await Promise.all(runs);
      const ms = performance.now() - started;

      const payloads = t.db
        .prepare("SELECT payload FROM events WHERE type = 'alert_escalated'")
        .pluck()
        .all() as string[];
      const seen = new Map<string, number>();
      for (const p of payloads) {
        const { alert_id, escalation_level } = JSON.parse(p) as { alert_id: string; escalation_level: number };
        const k = `${alert_id}@${escalation_level}`;
        seen.set(k, (seen.get(k) ?? 0) + 1);
      }
      const duplicates = [...seen.values()].filter((n) => n > 1).length;
      figures.push(
        `round ${round}: escalated ${results.map((r) => r.acted).join(' + ')}, ` +
          `rolled-back batches ${results.map((r) => r.failed).join(' + ')}, ${ms.toFixed(0)} ms`,
      );
      expect(duplicates).toBe(0);
      expect(payloads).toHaveLength(ALERTS * round);
      expect(results.reduce((n, r) => n + r.acted, 0)).toBe(ALERTS);
      const levels = t.db.prepare('SELECT escalation_level, COUNT(*) AS n FROM alerts GROUP BY escalation_level').all();
      expect(levels).toEqual([{ escalation_level: round, n: ALERTS }]);
    }
    console.log(`local measurement (${INSTANCES} processes, ${ALERTS} due alerts): ${figures.join('; ')}`);
  }, 180_000);
});
