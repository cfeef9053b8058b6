import { describe, expect, it } from 'vitest';
import { createLogger } from '../log.ts';
import type { PetitionInput } from '../cases/petition-schema.ts';
import { createTestApp } from '../testing/test-app.ts';
import type { AlertBus, AlertBusHandlers, BusEvent } from './alert-bus.ts';
import { NOTICE_CATCH_UP_BATCH, createNoticeRelay } from './notice-relay.ts';
import { GREEN_TEXT } from './testing/alert-fixture.ts';
import { simpleTriage } from './testing/simple-triage.ts';
import type { SupervisionNotice } from './types.ts';

/** The case file as the relay reads it: notices numbered like events, with other events in between. */
function fakeCaseFile() {
  const rows: SupervisionNotice[] = [];
  let head = 0;
  const seq = (n: SupervisionNotice) => Number(n.id.slice(1));
  return {
    /** A notice another instance (or this one) recorded. */
    record(petitionId = 'XF-1') {
      const n = { id: `N${++head}`, petition_id: petitionId, message: '请报送办理结果' } as SupervisionNotice;
      rows.push(n);
      return n;
    },
    /** Any other event: it takes a number too. */
    other: () => void ++head,
    notices: {
      get: (id: string) => rows.find((n) => n.id === id),
      after: (from: number, to: number, limit: number) =>
        rows.filter((n) => seq(n) > from && seq(n) <= to).slice(0, limit),
      head: () => head,
    },
  };
}

function relayOn(file: ReturnType<typeof fakeCaseFile>) {
  const pushed: string[] = [];
  const relay = createNoticeRelay({
    log: createLogger('error'),
    notices: file.notices,
    publish: (n) => pushed.push(n.id),
    readable: () => true,
  });
  relay.onListening(true);
  return { relay, pushed };
}

describe('notice relay (the path between instances, on a fake case file)', () => {
  it("puts another instance's notice on the local streams once, however often it is heard of", () => {
    const file = fakeCaseFile();
    const { relay, pushed } = relayOn(file);
    const n = file.record();
    relay.relay(n.id, n.petition_id);
    relay.relay(n.id, n.petition_id);
    relay.onListening(false); // a reconnect's catch-up reads it again
    expect(pushed).toEqual([n.id]);
  });

  it("ignores a number that is another schema's notice on the same server, or no notice here", () => {
    const file = fakeCaseFile();
    const { relay, pushed } = relayOn(file);
    const n = file.record('XF-HERE');
    relay.relay(n.id, 'XF-ELSEWHERE');
    relay.relay('N99', 'XF-HERE');
    expect(pushed).toEqual([]);
  });

  it('catches up after a reconnect with what was recorded meanwhile, not before it listened, not its own', () => {
    const file = fakeCaseFile();
    file.record(); // before this instance listened: not news
    const { relay, pushed } = relayOn(file);
    const own = file.record();
    expect(relay.local(own)).toBe(true);
    file.other();
    const missed = file.record();
    relay.onListening(false);
    expect(pushed).toEqual([missed.id]);
    // The next reconnect starts where this one ended.
    const later = file.record();
    relay.onListening(false);
    expect(pushed).toEqual([missed.id, later.id]);
  });

  it('reads a long gap in batches, each notice once and in order', () => {
    const file = fakeCaseFile();
    const { relay, pushed } = relayOn(file);
    const ids = Array.from({ length: NOTICE_CATCH_UP_BATCH * 2 + 7 }, () => file.record().id);
    relay.onListening(false);
    expect(pushed).toEqual(ids);
  });

  it('tells the local push not to publish a notice a catch-up put on the streams between commit and push', () => {
    const file = fakeCaseFile();
    const { relay, pushed } = relayOn(file);
    const n = file.record();
    relay.onListening(false);
    expect(pushed).toEqual([n.id]);
    expect(relay.local(n)).toBe(false);
  });
});

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

describe('督办 notices on the bus (the service with a fake bus)', () => {
  it('announces a 督办 notice and a clock reminder inside the transactions that record them', async () => {
    const fake = fakeBus();
    const t = await createTestApp({ overrides: { alertBus: fake.bus, triage: simpleTriage } });
    fake.watch(t.deps.db);
    const departments = (await (await t.get('/v1/departments')).json()).items as { id: string }[];
    const p = await (await t.post('/v1/petitions', { text: GREEN_TEXT, channel: '网络' })).json();
    for (const body of [{ to: 'screened', decision: 'accepted' }, { to: 'routed' }])
      await t.post(`/v1/petitions/${p.id}/transitions`, { actor: '李科员', reason: '依程序办理', ...body });
    await t.post(`/v1/petitions/${p.id}/assignments`, { department: departments[0].id, days: 5, actor: '李科员' });
    const notice = t.deps.assignments.notice(p.id, { message: '请报送办理结果', actor: '督查科' });
    t.clock.set('2026-04-29T09:00:00+08:00');
    const reminders = t.deps.reminders.sweep();
    expect(reminders.length).toBeGreaterThan(0);
    expect(fake.announced).toEqual(
      [notice, ...reminders].map((n) => ({
        type: 'notice',
        noticeId: n.id,
        petitionId: p.id,
        inTransaction: true,
      })),
    );
    t.deps.close();
  });

  it("puts another instance's notice, read back from the case file, on the local streams", async () => {
    const fake = fakeBus();
    const t = await createTestApp({ overrides: { alertBus: fake.bus, triage: simpleTriage } });
    const seen: SupervisionNotice[] = [];
    t.deps.alerts.subscribe({ send: (m) => m.type === 'notice' && seen.push(m.notice), close: () => {} });
    fake.handlers.onListening(true);
    const p = t.deps.cases.register(
      { text: GREEN_TEXT, channel: '网络', attachments: [] } as unknown as PetitionInput,
      'reception',
    );
    // What another instance's notice leaves in the shared case file (its own push went to its own streams).
    const payload = {
      assignment_id: 1,
      department: '人力资源和社会保障局',
      department_id: 'D1',
      message: '请报送办理结果',
      due_on: '2026-03-07',
      days_left: 2,
    };
    const e = t.deps.events.append({ petitionId: p.id, type: 'supervision_notice', actor: '督查科', payload });
    fake.handlers.onEvent({ type: 'notice', noticeId: `N${e.seq}`, petitionId: p.id });
    expect(seen).toEqual([
      { id: `N${e.seq}`, petition_id: p.id, actor: '督查科', created_at: e.createdAt, ...payload },
    ]);
    t.deps.close();
  });
});
