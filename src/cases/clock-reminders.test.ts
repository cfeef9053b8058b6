import { afterEach, describe, expect, it } from 'vitest';
import { simpleTriage } from '../alerts/testing/simple-triage.ts';
import type { SupervisionNotice } from '../alerts/types.ts';
import { createManualClock } from '../clock.ts';
import { testConfig } from '../config.ts';
import { createDeps, type Deps } from '../deps.ts';
import { migratePg } from '../store/pg/migrate-pg.ts';
import { openTestSchema, TEST_DATABASE_URL, type TestSchema } from '../store/pg/testing/pg-test-db.ts';
import { until } from '../testing/sse-client.ts';
import type { PetitionInput } from './petition-schema.ts';

const BASE = '2026-03-02T09:00:00+08:00'; // the accept clock (15 days) ends 2026-03-17, conclude (60) 2026-05-01
const TEXT = '小区门口路灯坏了两个月，晚上出行不便，请尽快维修。';
const ACCEPT = '受理或转送告知期限（《信访工作条例》第二十二条、第二十三条）';

// The same cases on PostgreSQL when TEST_DATABASE_URL is set (the claim is one statement on both backends).
const BACKENDS = TEST_DATABASE_URL ? (['sqlite', 'postgres'] as const) : (['sqlite'] as const);
if (!TEST_DATABASE_URL) console.log('clock reminders on PostgreSQL skipped: TEST_DATABASE_URL is not set');

let open: Deps[] = [];
let schemas: TestSchema[] = [];
afterEach(() => {
  for (const d of open) d.close();
  for (const t of schemas) t.drop();
  open = [];
  schemas = [];
});

/** A service on a fresh database with a manual clock; records the notices its streams receive. */
async function setup(backend: (typeof BACKENDS)[number], reminderEveryMs?: number) {
  const clock = createManualClock(BASE);
  let db: TestSchema['db'] | undefined;
  if (backend === 'postgres') {
    const t = openTestSchema();
    migratePg(t.db);
    schemas.push(t);
    db = t.db;
  }
  const deps = await createDeps(testConfig(), { clock, triage: simpleTriage, reminderEveryMs, db });
  open.push(deps);
  const notices: SupervisionNotice[] = [];
  deps.alerts.subscribe({ send: (m) => m.type === 'notice' && notices.push(m.notice), close: () => {} });
  const register = () =>
    deps.cases.register({ text: TEXT, channel: '网络', attachments: [] } as unknown as PetitionInput, 'reception').id;
  const accept = (id: string) =>
    deps.cases.transition(id, { to: 'screened', decision: 'accepted', actor: '科员', reason: '符合受理条件' });
  const at = (day: string) => clock.set(`${day}T09:00:00+08:00`);
  const reminders = (id: string) =>
    deps.events
      .forPetition(id)
      .filter((e) => e.type === 'clock_reminder')
      .map((e) => e.payload as { clock: string; due_at: string; reminder: string; message: string });
  return { deps, clock, notices, register, accept, at, reminders };
}

describe.each(BACKENDS)('statutory clock reminders (%s)', (backend) => {
  it('reminds an open deadline once when due within 3 days and once when overdue; sweeping again adds nothing', async () => {
    const { deps, notices, register, at, reminders } = await setup(backend);
    const id = register();
    expect(deps.reminders.sweep()).toEqual([]);
    at('2026-03-13'); // four days left: not yet
    expect(deps.reminders.sweep()).toEqual([]);

    at('2026-03-14');
    const [soon] = deps.reminders.sweep();
    expect(soon).toMatchObject({
      petition_id: id,
      actor: 'system',
      due_on: '2026-03-17',
      days_left: 3,
      department: null,
      reminder: { clock: 'accept', kind: 'due_soon', article: '第二十二条、第二十三条' },
      message: `信访件 ${id} 的${ACCEPT}将于 2026-03-17 到期，还剩 3 天`,
    });
    expect(deps.reminders.sweep()).toEqual([]);
    at('2026-03-17');
    expect(deps.reminders.sweep()).toEqual([]);

    at('2026-03-18');
    const [late] = deps.reminders.sweep();
    expect(late.message).toBe(`信访件 ${id} 的${ACCEPT}已于 2026-03-17 到期，已超期 1 天，请督促办理`);
    at('2026-03-25');
    expect(deps.reminders.sweep()).toEqual([]);

    expect(reminders(id).map((r) => [r.clock, r.due_at, r.reminder])).toEqual([
      ['accept', '2026-03-17', 'due_soon'],
      ['accept', '2026-03-17', 'overdue'],
    ]);
    // The notice is the stream's 督办 notice, numbered after its case-file event.
    expect(notices).toEqual([soon, late]);
    expect(soon.id).toBe(`N${deps.events.forPetition(id).find((e) => e.type === 'clock_reminder')!.seq}`);
    expect(deps.events.verify().ok).toBe(true);
  });

  it('reminds an extended deadline again: a new due date is a new round', async () => {
    const { deps, register, accept, at, reminders } = await setup(backend);
    const id = register();
    accept(id);
    at('2026-04-28');
    expect(deps.reminders.sweep().map((n) => n.reminder)).toEqual([
      { clock: 'conclude', kind: 'due_soon', article: '第三十四条' },
    ]);
    deps.cases.extend(id, { days: 30, reason: '案情复杂，需补充调查', actor: '科长' });
    expect(deps.reminders.sweep()).toEqual([]); // 2026-05-31 is more than 3 days off
    at('2026-05-28');
    expect(deps.reminders.sweep()).toHaveLength(1);
    at('2026-06-02');
    const [late] = deps.reminders.sweep();
    expect(late.message).toBe(
      `信访件 ${id} 的办结期限（《信访工作条例》第三十四条）已于 2026-05-31 到期，已超期 2 天，请督促办理`,
    );
    expect(deps.reminders.sweep()).toEqual([]);
    expect(reminders(id).map((r) => [r.clock, r.due_at, r.reminder])).toEqual([
      ['conclude', '2026-05-01', 'due_soon'],
      ['conclude', '2026-05-31', 'due_soon'],
      ['conclude', '2026-05-31', 'overdue'],
    ]);
  });

  it('never reminds a met deadline or a case that has ended', async () => {
    const { deps, register, accept, at, reminders } = await setup(backend);
    const met = register();
    accept(met); // the accept clock is met; conclude runs to 2026-05-01
    const ended = register();
    deps.db.prepare("UPDATE petitions SET status = 'terminated' WHERE id = ?").run(ended);
    const pending = register();
    at('2026-03-20');
    expect(deps.reminders.sweep().map((n) => n.petition_id)).toEqual([pending]);
    expect(reminders(met)).toEqual([]);
    expect(reminders(ended)).toEqual([]);
  });

  it('addresses the reminder to the department handling the case (its department stream selects on department_id)', async () => {
    const { deps, register, accept, at } = await setup(backend);
    const id = register();
    accept(id);
    deps.cases.transition(id, { to: 'routed', actor: '科员', reason: '交办' });
    const a = deps.assignments.assign(id, { department: '住房和城乡建设局', days: 20, actor: '科员' });
    at('2026-05-02');
    const [n] = deps.reminders.sweep();
    expect(n).toMatchObject({ assignment_id: a.id, department: '住房和城乡建设局', department_id: a.department.id });
  });

  it('runs on the timer createDeps starts, and stops when the service closes', async () => {
    const { deps, clock, register, at, reminders } = await setup(backend, 10);
    const id = register();
    at('2026-03-18');
    await until(() => reminders(id).length === 1, 5000);
    deps.close();
    open = [];
    clock.set('2026-03-30T09:00:00+08:00');
    await new Promise((r) => setTimeout(r, 50));
    expect(deps.db.open).toBe(false); // closed with the timer stopped: no sweep ran into a closed database
  });
});
