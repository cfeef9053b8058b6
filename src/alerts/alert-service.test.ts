import { describe, expect, it } from 'vitest';
import { tx } from '../store/db.ts';
import { GREEN_TEXT, RED_TEXT, alertFixture } from './testing/alert-fixture.ts';
import { ESCALATION_BATCH } from './alert-service.ts';
import { ESCALATE_AFTER_MS, MAX_ESCALATION_LEVEL } from './types.ts';

const alertCount = (f: Awaited<ReturnType<typeof alertFixture>>) =>
  (f.deps.db.prepare('SELECT COUNT(*) AS n FROM alerts').get() as { n: number }).n;

describe('raising alerts on registration', () => {
  it('raises a red petition alert with its evidence and records it in the case file', async () => {
    const f = await alertFixture();
    const p = f.register(RED_TEXT, { title: '讨薪' });
    const [alert] = f.deps.alerts.list({ limit: 10, offset: 0 }).items;
    expect(alert).toMatchObject({
      kind: 'petition',
      petition_id: p.id,
      level: 'red',
      reason: 'red_petition',
      escalation_level: 0,
      acked_at: null,
    });
    expect(alert.evidence.signals).toEqual([{ code: 'self_harm', evidence: '跳楼', weight: 0.95 }]);
    const raised = f.deps.events.forPetition(p.id).find((e) => e.type === 'alert_raised');
    expect(raised?.payload).toMatchObject({ alert_id: alert.id, kind: 'petition', level: 'red' });
  });

  it('raises nothing for a green petition', async () => {
    const f = await alertFixture();
    f.register(GREEN_TEXT);
    await f.settle();
    expect(alertCount(f)).toBe(0);
    expect(f.pushed).toEqual([]);
  });

  it('raises no second alert when a petition is triaged again', async () => {
    const f = await alertFixture();
    const p = f.register(RED_TEXT);
    f.deps.cases.retriage(p.id, 'supervisor');
    expect(alertCount(f)).toBe(1);
  });

  it('pushes an alert only after its transaction has committed', async () => {
    const f = await alertFixture();
    f.register(RED_TEXT);
    expect(f.pushed).toHaveLength(0); // still inside the synchronous turn of the registration
    await f.settle();
    expect(f.pushed.map((m) => m.type)).toEqual(['alert']);
  });

  it('never pushes an alert whose transaction rolled back', async () => {
    const f = await alertFixture();
    expect(() =>
      tx(f.deps.db, () => {
        f.register(RED_TEXT);
        throw new Error('a later step of the request failed');
      }),
    ).toThrow('a later step');
    await f.settle();
    expect(f.pushed).toEqual([]);
    expect(alertCount(f)).toBe(0);
    expect(f.deps.db.prepare("SELECT COUNT(*) AS n FROM events WHERE type = 'alert_raised'").get()).toEqual({ n: 0 });
  });
});

describe('escalation', () => {
  it('escalates an unacknowledged alert after 3 minutes of injected time, and not before', async () => {
    const f = await alertFixture();
    const p = f.register(RED_TEXT);
    await f.settle();
    f.clock.advance(ESCALATE_AFTER_MS - 1000);
    expect(f.deps.alerts.checkEscalations()).toEqual([]);
    f.clock.advance(1000);
    const [escalated] = f.deps.alerts.checkEscalations();
    expect(escalated).toMatchObject({
      petition_id: p.id,
      escalation_level: 1,
      escalated_at: f.clock.now().toISOString(),
    });
    expect(f.pushed.map((m) => m.type)).toEqual(['alert', 'escalation']);
    const event = f.deps.events.forPetition(p.id).find((e) => e.type === 'alert_escalated');
    expect(event?.payload).toMatchObject({
      alert_id: escalated.id,
      escalation_level: 1,
      unacknowledged_ms: ESCALATE_AFTER_MS,
    });
  });

  it('escalates again after each further 3 minutes, up to the cap', async () => {
    const f = await alertFixture();
    f.register(RED_TEXT);
    const levels: number[] = [];
    for (let i = 0; i < MAX_ESCALATION_LEVEL + 2; i++) {
      f.clock.advance(ESCALATE_AFTER_MS);
      f.deps.alerts.checkEscalations();
      levels.push(f.deps.alerts.list({ limit: 1, offset: 0 }).items[0].escalation_level);
    }
    expect(levels).toEqual([1, 2, 3, 3, 3]);
  });

  it('escalates a backlog a batch at a time, the longest overdue first', async () => {
    const f = await alertFixture();
    for (let i = 0; i < ESCALATION_BATCH + 5; i++) {
      f.register(`${RED_TEXT}（第${i}次来信）`);
      f.clock.advance(1000);
    }
    const raised = f.deps.alerts.list({ limit: 500, offset: 0 }).items;
    f.clock.advance(ESCALATE_AFTER_MS);
    const first = f.deps.alerts.checkEscalations();
    expect(first).toHaveLength(ESCALATION_BATCH);
    const rest = f.deps.alerts.checkEscalations();
    expect(rest).toHaveLength(raised.length - ESCALATION_BATCH);
    const due = (a: { created_at: string; id: string }) => `${a.created_at} ${a.id}`;
    expect(Math.max(...first.map((a) => Date.parse(a.created_at)))).toBeLessThanOrEqual(
      Math.min(...rest.map((a) => Date.parse(a.created_at))),
    );
    expect(new Set([...first, ...rest].map(due)).size).toBe(raised.length);
    expect(f.deps.alerts.checkEscalations()).toEqual([]);
  });

  it('never escalates an acknowledged alert', async () => {
    const f = await alertFixture();
    f.register(RED_TEXT);
    const [alert] = f.deps.alerts.list({ limit: 1, offset: 0 }).items;
    f.clock.advance(60_000);
    f.deps.alerts.ack(alert.id, { actor: '值班员张三' });
    f.clock.advance(10 * ESCALATE_AFTER_MS);
    expect(f.deps.alerts.checkEscalations()).toEqual([]);
    expect(f.deps.alerts.get(alert.id)).toMatchObject({
      escalation_level: 0,
      escalated_at: null,
      acked_by: '值班员张三',
    });
  });
});

describe('acknowledgement', () => {
  it('records who acknowledged, how fast, and pushes an ack', async () => {
    const f = await alertFixture();
    const p = f.register(RED_TEXT);
    const [alert] = f.deps.alerts.list({ limit: 1, offset: 0 }).items;
    f.clock.advance(45_000);
    const acked = f.deps.alerts.ack(alert.id, { actor: '值班员张三', note: '已电话联系' });
    expect(acked).toMatchObject({ acked_by: '值班员张三', ack_note: '已电话联系', next_escalation_at: null });
    await f.settle();
    expect(f.pushed.map((m) => m.type)).toEqual(['alert', 'ack']);
    const event = f.deps.events.forPetition(p.id).find((e) => e.type === 'alert_acked');
    expect(event).toMatchObject({ actor: '值班员张三', payload: { alert_id: alert.id, response_ms: 45_000 } });
    expect(f.deps.events.verify()).toMatchObject({ ok: true });
  });

  it('refuses a second acknowledgement with 409 and an unknown alert with 404', async () => {
    const f = await alertFixture();
    f.register(RED_TEXT);
    const [alert] = f.deps.alerts.list({ limit: 1, offset: 0 }).items;
    f.deps.alerts.ack(alert.id, { actor: 'a' });
    expect(() => f.deps.alerts.ack(alert.id, { actor: 'b' })).toThrow(
      expect.objectContaining({ status: 409, code: 'already_acked' }),
    );
    expect(() => f.deps.alerts.ack('AL-NONE', { actor: 'b' })).toThrow(expect.objectContaining({ status: 404 }));
  });
});

describe('lifecycle', () => {
  it('stops the escalation timer and ends open streams on close', async () => {
    const f = await alertFixture();
    let closed = 0;
    f.deps.alerts.subscribe({ send: () => {}, close: () => closed++ });
    f.deps.close();
    expect(closed).toBe(1);
    expect(f.deps.alerts.subscribers).toBe(0);
  });
});
