import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PetitionInput } from '../cases/petition-schema.ts';
import { tx } from '../store/db.ts';
import { migratePg } from '../store/pg/migrate-pg.ts';
import { PgSyncDb } from '../store/pg/pg-sync-db.ts';
import { openTestSchema, skipReason, TEST_DATABASE_URL, type TestSchema } from '../store/pg/testing/pg-test-db.ts';
import { createLoopback, sseReader, until } from '../testing/sse-client.ts';
import { TEST_ADMIN_KEY } from '../testing/test-app.ts';
import { RED_TEXT } from './testing/alert-fixture.ts';
import { recordStream, startPgInstance, type PgInstance } from './testing/pg-instances.ts';

const skip = skipReason();

/** The alert stream of instance `i`, recorded. */
async function openStream(i: PgInstance) {
  const s = await recordStream(i.url, '/v1/alerts/stream', i.t.key);
  return { ...s, alerts: () => s.of<{ petition_id: string }>('alert') };
}

const petition = (text: string) => ({ text, channel: '网络', attachments: [] }) as unknown as PetitionInput;

/**
 * Issue 22, design step 6: a red alert raised on one instance reaches the streams of every instance sharing the
 * PostgreSQL database, once each (NOTIFY in the alert's transaction, a LISTEN connection per instance).
 */
describe.skipIf(skip)('alerts across instances on one PostgreSQL database', () => {
  const loopback = createLoopback();
  let t: TestSchema;
  let second: PgSyncDb;
  let a: PgInstance;
  let b: PgInstance;

  beforeEach(async () => {
    t = openTestSchema();
    migratePg(t.db);
    second = new PgSyncDb(TEST_DATABASE_URL!);
    second.exec(`SET search_path TO ${t.schema}`);
    a = await startPgInstance(t.db, loopback);
    b = await startPgInstance(second, loopback);
  });
  afterEach(async () => {
    await loopback.closeAll();
    for (const i of [a, b]) {
      // Not deps.close(): the connections belong to the test, which drops the schema through one of them.
      i.t.deps.alerts.close();
      i.t.deps.anchoring.close();
    }
    second.close();
    t.drop();
  });

  it('puts a red petition registered on A on the streams of A and B, exactly once each', async () => {
    const onA = await openStream(a);
    const onB = await openStream(b);
    const started = performance.now();
    const res = await a.t.as('reception').post('/v1/petitions', { text: RED_TEXT, channel: '网络' });
    expect(res.status).toBe(201);
    const answered = performance.now();
    const { id } = (await res.json()) as { id: string };
    await until(() => onB.alerts().length > 0, 5000);
    const arrived = performance.now();
    // Long enough for a duplicate (a second notification, a catch-up) to show up.
    await new Promise((r) => setTimeout(r, 500));
    expect(onB.alerts().map((x) => x.petition_id)).toEqual([id]);
    expect(onA.alerts().map((x) => x.petition_id)).toEqual([id]);
    console.log(
      `local measurement: on B's stream ${(arrived - answered).toFixed(1)} ms after A's 201 ` +
        `(${(arrived - started).toFixed(1)} ms after the request was sent; 10 ms polling)`,
    );
    await onA.close();
    await onB.close();
  });

  it('relays the acknowledgement made on B to the stream of A', async () => {
    const onA = await openStream(a);
    a.t.deps.cases.register(petition(RED_TEXT), 'reception');
    await until(() => b.t.deps.alerts.list({ limit: 1, offset: 0 }).total === 1, 2000);
    const [alert] = b.t.deps.alerts.list({ limit: 1, offset: 0 }).items;
    b.t.deps.alerts.ack(alert.id, { actor: '值班员' });
    await until(() => onA.events.some((e) => e.event === 'ack'), 5000);
    const ack = JSON.parse(onA.events.find((e) => e.event === 'ack')!.data!);
    expect(ack).toMatchObject({ id: alert.id, acked_by: '值班员' });
    await onA.close();
  });

  it('announces nothing for a registration that rolled back', async () => {
    const onB = await openStream(b);
    expect(() =>
      tx(a.t.deps.db, () => {
        a.t.deps.cases.register(petition(RED_TEXT), 'reception');
        throw new Error('a later step of the request failed');
      }),
    ).toThrow('a later step');
    // A committed red petition afterwards shows the channel works: only it arrives.
    const kept = a.t.deps.cases.register(petition(RED_TEXT), 'reception');
    await until(() => onB.alerts().length > 0, 5000);
    await new Promise((r) => setTimeout(r, 300));
    expect(onB.alerts().map((x) => x.petition_id)).toEqual([kept.id]);
    await onB.close();
  });

  it("catches up after B's listener lost its connection, without duplicates", async () => {
    const onB = await openStream(b);
    const pid = b.bus.listener!.backendPid!;
    a.t.deps.db.prepare('SELECT pg_terminate_backend(?)').get(pid);
    // Raised while B's listener is down (or about to notice it is): its NOTIFY reaches no one on B.
    const missed = a.t.deps.cases.register(petition(RED_TEXT), 'reception');
    await until(() => b.bus.listener?.listening === true && b.bus.listener.backendPid !== pid, 5000);
    await until(() => onB.alerts().length > 0, 5000);
    const after = a.t.deps.cases.register(petition(RED_TEXT), 'reception');
    await until(() => onB.alerts().length > 1, 5000);
    await new Promise((r) => setTimeout(r, 300));
    expect(onB.alerts().map((x) => x.petition_id)).toEqual([missed.id, after.id]);
    await onB.close();
  });
});

/** Starts pg-instance-child.ts and resolves with its base URL once it serves HTTP and listens for NOTIFY. */
function startChild(schema: string) {
  const script = new URL('./testing/pg-instance-child.ts', import.meta.url).pathname;
  const child = spawn(process.execPath, ['--import', 'tsx', script, TEST_DATABASE_URL!, schema], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const ready = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /ready (\d+)/.exec(out);
      if (m) resolve(`http://127.0.0.1:${m[1]}`);
    });
    child.stderr!.on('data', (d) => (out += d));
    child.on('exit', (code) => reject(new Error(`instance exited (${code}):\n${out}`)));
  });
  return { child, ready };
}

describe.skipIf(skip)('alerts across two service processes on one PostgreSQL database', () => {
  let t: TestSchema;
  const children: ChildProcess[] = [];
  beforeEach(() => {
    t = openTestSchema();
    migratePg(t.db);
  });
  afterEach(async () => {
    await Promise.all(
      children.splice(0).map((c) => {
        const gone = new Promise((r) => c.once('exit', r));
        if (c.exitCode === null) c.kill('SIGTERM');
        return gone;
      }),
    );
    t.drop();
  });

  it("puts a red petition registered over HTTP on process A on process B's stream once", async () => {
    // One after the other: both would create the bootstrap admin key on first start.
    const a = startChild(t.schema);
    children.push(a.child);
    const urlA = await a.ready;
    const b = startChild(t.schema);
    children.push(b.child);
    const urlB = await b.ready;
    const auth = { authorization: `Bearer ${TEST_ADMIN_KEY}` };
    const res = await fetch(`${urlB}/v1/alerts/stream`, { headers: auth });
    expect(res.status).toBe(200);
    const sse = sseReader(res);
    await sse.next((e) => e.comment === 'connected');
    const sent = performance.now();
    const reg = await fetch(`${urlA}/v1/petitions`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ text: RED_TEXT, channel: '网络' }),
    });
    expect(reg.status).toBe(201);
    const answered = performance.now();
    const { id } = (await reg.json()) as { id: string };
    const e = await sse.next((x) => x.event === 'alert', 5000);
    const arrived = performance.now();
    expect(JSON.parse(e.data!)).toMatchObject({ petition_id: id, level: 'red' });
    await expect(sse.next((x) => x.event === 'alert', 700)).rejects.toThrow(/no matching event/);
    console.log(
      `local measurement (two processes): on B's stream ${(arrived - answered).toFixed(1)} ms after A's 201 ` +
        `(${(arrived - sent).toFixed(1)} ms after the request was sent)`,
    );
    await sse.cancel();
  }, 120_000);
});
