import { describe, expect, it } from 'vitest';
import { createLogger } from '../log.ts';
import { countingDb } from '../store/testing/counting-db.ts';
import { onPg, openTestDb } from '../testing/test-db.ts';
import { createClockReminders } from './clock-reminders.ts';
import { createWorkflowKit } from './testing/workflow-kit.ts';

const CANDIDATES = /FROM deadlines d JOIN petitions p/;

/** The workflow on a counted connection, with the reminder sweep on the same one (issue 24). */
function setup() {
  const counted = countingDb(openTestDb());
  const k = createWorkflowKit(undefined, undefined, counted.db);
  const reminders = createClockReminders({
    db: counted.db,
    clock: k.clock,
    events: k.events,
    log: createLogger('silent'),
  });
  const at = (day: string) => k.clock.set(`${day}T09:00:00+08:00`);
  const reminded = counted.db.prepare('SELECT reminded FROM deadlines WHERE petition_id = ? AND kind = ?');
  /** The deadline's `reminded` marker (migration 023). */
  const marker = (id: string, kind: string) => Number((reminded.get(id, kind) as { reminded: number }).reminded);
  const sent = () => reminders.sweep().map((n) => [n.petition_id, n.reminder.clock, n.reminder.kind]);
  return { ...k, counted, reminders, at, marker, sent };
}

describe('the reminder sweep costs the same whatever the history (issue 24)', () => {
  it("never reminds the petitioner's own window to request 复查: it binds the petitioner, not the office", () => {
    const k = setup();
    const p = k.register();
    k.move(p.id, 'screened', { decision: 'accepted' });
    k.move(p.id, 'routed', { department: '人力资源和社会保障局' });
    k.reply(p.id, 'opinion', '不予支持');
    const window = k.cases.view(p.id).deadlines.find((d) => d.kind === 'review_request');
    expect(window).toMatchObject({ met_at: null, due_at: '2026-04-01' });
    expect(k.marker(p.id, 'review_request')).toBe(2); // settled from the start: no sweep ever reads it
    k.at('2026-03-30');
    expect(k.sent()).toEqual([]);
    k.at('2026-04-10');
    expect(k.sent()).toEqual([]);
  });

  it('settles the deadlines of an ended case without a reminder, and a later sweep reads no settled deadline', () => {
    const k = setup();
    const open = [k.register().id, k.register().id, k.register().id];
    const ended = k.register().id;
    k.counted.db.prepare("UPDATE petitions SET status = 'terminated' WHERE id = ?").run(ended);
    k.at('2026-03-20'); // every accept clock (2026-03-17) is overdue
    expect(k.sent().sort()).toEqual(open.map((id) => [id, 'accept', 'overdue']).sort());
    expect(k.marker(ended, 'accept')).toBe(2);
    expect(open.map((id) => k.marker(id, 'accept'))).toEqual([2, 2, 2]);

    // The steady state: one statement, which finds nothing to read, and no write.
    k.at('2026-03-21');
    k.counted.reset();
    expect(k.sent()).toEqual([]);
    expect(k.counted.counts.statements).toBe(1);
    const [sql] = [...k.counted.counts.bySql.keys()];
    expect(sql).toMatch(CANDIDATES);
    const unsettled = 'SELECT count(*) AS n FROM deadlines WHERE met_at IS NULL AND reminded < 2';
    expect(Number((k.counted.db.prepare(unsettled).get() as { n: number | string }).n)).toBe(0);
    // On SQLite the plan shows it reads through the partial index alone (PostgreSQL plans a table this small
    // with a sequential scan whatever the indexes, so the plan is not checked there).
    if (!onPg) {
      const plan = k.counted.db
        .prepare(`EXPLAIN QUERY PLAN ${sql}`)
        .all({ today: '2026-03-21', until: '2026-03-24', limit: 100 });
      expect(JSON.stringify(plan)).toMatch(/SEARCH d USING INDEX deadlines_remind/);
    }
  });

  it('reminds again after an extension, even once the overdue reminder has settled the old round', () => {
    const k = setup();
    const p = k.register();
    k.move(p.id, 'screened', { decision: 'accepted' }); // conclude runs to 2026-05-01
    k.at('2026-05-03');
    expect(k.sent()).toEqual([[p.id, 'conclude', 'overdue']]);
    expect(k.marker(p.id, 'conclude')).toBe(2);
    k.cases.extend(p.id, { days: 30, reason: '案情复杂，需补充调查', actor: '科长' }); // to 2026-05-31
    expect(k.marker(p.id, 'conclude')).toBe(0);
    expect(k.sent()).toEqual([]);
    k.at('2026-05-29');
    expect(k.sent()).toEqual([[p.id, 'conclude', 'due_soon']]);
    expect(k.marker(p.id, 'conclude')).toBe(1);
    k.at('2026-06-01');
    expect(k.sent()).toEqual([[p.id, 'conclude', 'overdue']]);
    expect(k.sent()).toEqual([]);
  });
});
