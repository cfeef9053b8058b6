import { describe, expect, it } from 'vitest';
import { createAlertsRepo } from '../store/alerts-repo.ts';
import { tx } from '../store/db.ts';
import type { AlertBus, AlertBusHandlers, BusEvent } from './alert-bus.ts';
import { RED_TEXT, alertFixture } from './testing/alert-fixture.ts';

/** A bus that records what the service announces and lets the test play the other instances. */
function fakeBus() {
  const announced: (BusEvent & { inTransaction: boolean })[] = [];
  let handlers: AlertBusHandlers | null = null;
  let db: { inTransaction: boolean } | null = null;
  const bus: AlertBus = {
    announce: (e) => announced.push({ ...e, inTransaction: db?.inTransaction ?? false }),
    start: (h) => {
      handlers = h;
    },
    close: () => {
      handlers = null;
    },
  };
  return {
    bus,
    announced,
    watch: (d: { inTransaction: boolean }) => {
      db = d;
    },
    get handlers() {
      return handlers!;
    },
  };
}

async function setup() {
  const fake = fakeBus();
  const f = await alertFixture(undefined, undefined, { alertBus: fake.bus });
  fake.watch(f.deps.db);
  fake.handlers.onListening(true);
  /** An alert row as another instance would have committed it. */
  const remote = (id: string, createdAt = f.clock.now().toISOString()) => {
    const p = f.register('小区门口路灯坏了，请维修。');
    createAlertsRepo(f.deps.db).insert({
      id,
      kind: 'petition',
      petition_id: p.id,
      cluster_id: null,
      level: 'red',
      reason: 'red_petition',
      evidence: {},
      created_at: createdAt,
      next_escalation_at: null,
    });
  };
  return { f, fake, remote };
}

describe('alert relay (the path between instances, with a fake bus on SQLite)', () => {
  it('announces an alert and its acknowledgement inside their transactions', async () => {
    const { f, fake } = await setup();
    f.register(RED_TEXT);
    await f.settle();
    const [alert] = f.deps.alerts.list({ limit: 1, offset: 0 }).items;
    f.deps.alerts.ack(alert.id, { actor: '值班员' });
    expect(fake.announced).toEqual([
      { type: 'alert', alertId: alert.id, inTransaction: true },
      { type: 'ack', alertId: alert.id, inTransaction: true },
    ]);
  });

  it("puts another instance's alert on the local streams once, however often it is heard of", async () => {
    const { f, fake, remote } = await setup();
    remote('AL-REMOTE-1');
    fake.handlers.onEvent({ type: 'alert', alertId: 'AL-REMOTE-1' });
    fake.handlers.onEvent({ type: 'alert', alertId: 'AL-REMOTE-1' });
    fake.handlers.onListening(false); // a reconnect's catch-up reads it again
    expect(f.pushed.map((m) => [m.type, m.alert.id])).toEqual([['alert', 'AL-REMOTE-1']]);
  });

  it('ignores an event whose alert is not in this database, and relays no local alert twice', async () => {
    const { f, fake } = await setup();
    fake.handlers.onEvent({ type: 'alert', alertId: 'AL-ELSEWHERE' });
    f.register(RED_TEXT);
    await f.settle();
    const [local] = f.deps.alerts.list({ limit: 1, offset: 0 }).items;
    fake.handlers.onListening(false);
    expect(f.pushed.map((m) => m.alert.id)).toEqual([local.id]);
  });

  it('catches up after a reconnect with the alerts raised meanwhile, and not with older ones', async () => {
    const { f, fake, remote } = await setup();
    remote('AL-OLD', new Date(f.clock.now().getTime() - 3_600_000).toISOString());
    f.clock.advance(10 * 60_000);
    remote('AL-MISSED');
    fake.handlers.onListening(false);
    expect(f.pushed.map((m) => m.alert.id)).toEqual(['AL-MISSED']);
  });

  it('announces nothing it has not stored: a rolled-back alert is never pushed locally either', async () => {
    const { f, fake } = await setup();
    expect(() =>
      tx(f.deps.db, () => {
        f.register(RED_TEXT);
        throw new Error('rollback');
      }),
    ).toThrow('rollback');
    await f.settle();
    // On PostgreSQL the NOTIFY sent here is dropped with the transaction (the test on PostgreSQL checks it).
    expect(fake.announced.map((e) => e.inTransaction)).toEqual([true]);
    expect(f.pushed).toEqual([]);
  });
});
