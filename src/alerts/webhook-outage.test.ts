import { describe, expect, it } from 'vitest';
import type { PetitionInput } from '../cases/petition-schema.ts';
import { createManualClock } from '../clock.ts';
import { testConfig } from '../config.ts';
import { createDeps } from '../deps.ts';
import { createLogger } from '../log.ts';
import { openDb } from '../store/db.ts';
import type { Db, Statement } from '../store/db-types.ts';
import { StoreUnavailableError } from '../store/store-unavailable.ts';
import { until } from '../testing/sse-client.ts';
import { RED_TEXT } from './testing/alert-fixture.ts';
import { simpleTriage } from './testing/simple-triage.ts';
import { createWebhookSender } from './webhook.ts';

/** The database as an instance sees it across a PostgreSQL restart: every statement fails while `down`. */
function flakyDb(db: Db) {
  const state = { down: false };
  const check = () => {
    if (state.down) throw new StoreUnavailableError('the connection to PostgreSQL was lost');
  };
  const wrap = (stmt: Statement): Statement => {
    const w: Statement = {
      run: (...p) => (check(), stmt.run(...p)),
      get: (...p) => (check(), stmt.get(...p)),
      all: (...p) => (check(), stmt.all(...p)),
      iterate: (...p) => (check(), stmt.iterate(...p)),
      pluck: (on = true) => (stmt.pluck(on), w),
      raw: (on = true) => (stmt.raw(on), w),
    };
    return w;
  };
  const flaky = new Proxy(db, {
    get: (target, prop) =>
      prop === 'prepare' ? (sql: string) => wrap(target.prepare(sql)) : Reflect.get(target, prop, target),
  });
  return { db: flaky, state };
}

describe('webhook sender across a database outage', () => {
  it('goes back to the outbox by itself once the database answers again', async () => {
    const { db, state } = flakyDb(openDb(':memory:'));
    const posted: string[] = [];
    let calls = 0;
    const sender = createWebhookSender({
      db,
      url: 'http://127.0.0.1:9/hook',
      clock: createManualClock('2026-03-02T09:00:00+08:00'),
      log: createLogger('silent'),
      record: () => {},
      baseDelayMs: 20,
      // The receiver is down at first; by its second attempt the database is down too.
      fetch: async (_url, init) => {
        if (++calls === 1) {
          state.down = true;
          return new Response(null, { status: 503 });
        }
        posted.push(String(init?.body));
        return new Response(null, { status: 204 });
      },
    });
    sender.send({ type: 'ack', alert: { id: 'AL-1' } } as never);
    await until(() => calls === 1, 2000);
    await new Promise((r) => setTimeout(r, 100)); // the pump has met the outage and stopped
    state.down = false;
    await until(() => posted.length === 1, 2000);
    expect(JSON.parse(posted[0])).toMatchObject({ event: 'ack', alert: { id: 'AL-1' } });
    sender.close();
  });
});

describe('webhook outbox and a process that dies after a commit', () => {
  it('holds the delivery of a red alert as soon as its registration has committed, before anything else runs', async () => {
    const config = testConfig({ ALERT_WEBHOOK_URL: 'http://127.0.0.1:9/hook', LOG_LEVEL: 'silent' });
    const deps = await createDeps(config, { db: openDb(':memory:'), triage: simpleTriage });
    try {
      const petition = { text: RED_TEXT, channel: '网络', attachments: [] } as unknown as PetitionInput;
      const { id } = deps.cases.register(petition, 'reception');
      // Synchronously after the commit: a process killed here has already left the delivery for any instance.
      const bodies = deps.db.prepare('SELECT body FROM webhook_outbox').pluck().all() as string[];
      expect(bodies.map((b) => JSON.parse(b))).toMatchObject([{ event: 'alert', alert: { petition_id: id } }]);
    } finally {
      deps.close();
    }
  });
});
