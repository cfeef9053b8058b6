import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tx } from '../store/db.ts';
import { migratePg } from '../store/pg/migrate-pg.ts';
import { PgSyncDb } from '../store/pg/pg-sync-db.ts';
import { openTestSchema, skipReason, TEST_DATABASE_URL, type TestSchema } from '../store/pg/testing/pg-test-db.ts';
import { createLoopback, sseReader, until } from '../testing/sse-client.ts';
import { TEST_ADMIN_KEY } from '../testing/test-app.ts';
import { recordStream, startPgInstance, type PgInstance } from './testing/pg-instances.ts';

const skip = skipReason();
const WAGES = '某建筑公司拖欠我们十二名农民工工资共计八万元，已经半年，多次讨要无果，请求责令支付。';
const HR = '人力资源和社会保障局';
const HOUSING = '住房和城乡建设局';
// Long enough for a duplicate (a second notification, a catch-up, the originating instance pushing twice).
const SETTLE_MS = 500;

type Client = Pick<PgInstance['t'], 'get' | 'post'>;

/** A stream's 督办 notices, recorded. */
async function openStream(url: string, path: string, key: string) {
  const s = await recordStream(url, path, key);
  return { ...s, notices: () => s.of<{ id: string; reminder?: unknown }>('notice') };
}

/** A department's id and a new key of its own (department keys are rows every instance reads). */
async function departmentKey(c: Client, name: string) {
  const items = (await (await c.get('/v1/departments')).json()).items as { id: string; name: string }[];
  const id = items.find((d) => d.name === name)!.id;
  const key = (await (await c.post(`/v1/departments/${id}/keys`, { name: `${name}承办 ${Math.random()}` })).json())
    .key as string;
  return { id, key };
}

/** Registers a petition, accepts and routes it and assigns it to the department: a case a notice can chase. */
async function assignedCase(c: Client, departmentId: string): Promise<string> {
  const p = await (await c.post('/v1/petitions', { text: WAGES, channel: '网络' })).json();
  for (const body of [{ to: 'screened', decision: 'accepted' }, { to: 'routed' }])
    expect(
      (await c.post(`/v1/petitions/${p.id}/transitions`, { actor: '李科员', reason: '依程序办理', ...body })).status,
    ).toBe(200);
  expect(
    (await c.post(`/v1/petitions/${p.id}/assignments`, { department: departmentId, days: 5, actor: '李科员' })).status,
  ).toBe(201);
  return p.id as string;
}

const noticeBody = (message: string) => ({ message, actor: '督查科' });

/**
 * Issue 22: 督办 notices and statutory-clock reminders travel between instances like alerts (NOTIFY in the
 * transaction that records them, read back from the case file by the receiver), to the same audiences.
 */
describe.skipIf(skip)('督办 notices and clock reminders across instances on one PostgreSQL database', () => {
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
      i.t.deps.reminders.close();
      i.t.deps.anchoring.close();
    }
    second.close();
    t.drop();
  });

  it("puts a notice sent on A on B's department and dispatch streams once each, A's once, and no other department's", async () => {
    const hr = await departmentKey(a.t, HR);
    const housing = await departmentKey(a.t, HOUSING);
    const id = await assignedCase(a.t, hr.id);
    const hrOnB = await openStream(b.url, '/v1/department/stream', hr.key);
    const housingOnB = await openStream(b.url, '/v1/department/stream', housing.key);
    const boardOnB = await openStream(b.url, '/v1/alerts/stream', b.t.as('dispatch').key);
    const hrOnA = await openStream(a.url, '/v1/department/stream', hr.key);
    a.t.clock.set('2026-03-10T09:00:00+08:00');
    const sent = await a.t
      .as('supervisor')
      .post(`/v1/petitions/${id}/assignments/current/notice`, noticeBody('已超期，请于三日内报送办理结果'));
    expect(sent.status).toBe(201);
    const answered = performance.now();
    const notice = await sent.json();
    await until(() => hrOnB.notices().length > 0, 5000);
    const arrived = performance.now();
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    // The same object everywhere: B builds it from the case-file event A recorded.
    expect(hrOnB.notices()).toEqual([notice]);
    expect(boardOnB.notices()).toEqual([notice]);
    expect(hrOnA.notices()).toEqual([notice]);
    expect(housingOnB.notices()).toEqual([]);
    console.log(
      `local measurement: notice on B's department stream ${(arrived - answered).toFixed(1)} ms after A's 201 (10 ms polling)`,
    );
    for (const s of [hrOnB, housingOnB, boardOnB, hrOnA]) await s.close();
  });

  it("puts a reminder swept on A on B's department stream once, addressed to the department handling the case", async () => {
    const hr = await departmentKey(a.t, HR);
    const housing = await departmentKey(a.t, HOUSING);
    const id = await assignedCase(a.t, hr.id);
    const hrOnB = await openStream(b.url, '/v1/department/stream', hr.key);
    const housingOnB = await openStream(b.url, '/v1/department/stream', housing.key);
    const hrOnA = await openStream(a.url, '/v1/department/stream', hr.key);
    a.t.clock.set('2026-04-29T09:00:00+08:00'); // the conclude clock (60 days from 2026-03-02) ends 2026-05-01
    const swept = a.t.deps.reminders.sweep();
    expect(swept.length).toBeGreaterThan(0);
    expect(swept.every((n) => n.petition_id === id && n.department_id === hr.id)).toBe(true);
    await until(() => hrOnB.notices().length >= swept.length, 5000);
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    const expected = JSON.parse(JSON.stringify(swept));
    expect(hrOnB.notices()).toEqual(expected);
    expect(hrOnA.notices()).toEqual(expected);
    expect(housingOnB.notices()).toEqual([]);
    // B sweeping now finds nothing left to send: A claimed every reminder.
    b.t.clock.set('2026-04-29T09:00:00+08:00');
    expect(b.t.deps.reminders.sweep()).toEqual([]);
    for (const s of [hrOnB, housingOnB, hrOnA]) await s.close();
  });

  it('announces no notice and no reminder whose transaction rolled back', async () => {
    const hr = await departmentKey(a.t, HR);
    const id = await assignedCase(a.t, hr.id);
    const hrOnB = await openStream(b.url, '/v1/department/stream', hr.key);
    const hrOnA = await openStream(a.url, '/v1/department/stream', hr.key);
    a.t.clock.set('2026-04-29T09:00:00+08:00');
    expect(() =>
      tx(a.t.deps.db, () => {
        a.t.deps.assignments.notice(id, noticeBody('这条不会发出'));
        expect(a.t.deps.reminders.sweep().length).toBeGreaterThan(0);
        throw new Error('a later step of the request failed');
      }),
    ).toThrow('a later step');
    // A committed notice afterwards shows the channel works: only it arrives, on either instance.
    const kept = a.t.deps.assignments.notice(id, noticeBody('请报送办理结果'));
    await until(() => hrOnB.notices().length > 0, 5000);
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    expect(hrOnB.notices().map((n) => n.id)).toEqual([kept.id]);
    expect(hrOnA.notices().map((n) => n.id)).toEqual([kept.id]);
    for (const s of [hrOnB, hrOnA]) await s.close();
  });

  it("catches up after B's listener lost its connection, without duplicates", async () => {
    const hr = await departmentKey(a.t, HR);
    const id = await assignedCase(a.t, hr.id);
    const hrOnB = await openStream(b.url, '/v1/department/stream', hr.key);
    const pid = b.bus.listener!.backendPid!;
    a.t.deps.db.prepare('SELECT pg_terminate_backend(?)').get(pid);
    // Sent while B's listener is down (or about to notice it is): its NOTIFY reaches no one on B.
    const missed = a.t.deps.assignments.notice(id, noticeBody('第一次督办'));
    await until(() => b.bus.listener?.listening === true && b.bus.listener.backendPid !== pid, 5000);
    await until(() => hrOnB.notices().length > 0, 5000);
    const after = a.t.deps.assignments.notice(id, noticeBody('第二次督办'));
    await until(() => hrOnB.notices().length > 1, 5000);
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    expect(hrOnB.notices().map((n) => n.id)).toEqual([missed.id, after.id]);
    await hrOnB.close();
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

/** The admin client of a child process over HTTP, shaped like the test app's helpers. */
const httpClient = (url: string): Client => {
  const headers = { authorization: `Bearer ${TEST_ADMIN_KEY}`, 'content-type': 'application/json' };
  return {
    get: (path: string) => fetch(`${url}${path}`, { headers }),
    post: (path: string, body: unknown) =>
      fetch(`${url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) }),
  };
};

describe.skipIf(skip)('督办 notices across two service processes on one PostgreSQL database', () => {
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

  it("puts a notice sent over HTTP on process A on the department's stream on process B once", async () => {
    // One after the other: both would create the bootstrap admin key on first start.
    const a = startChild(t.schema);
    children.push(a.child);
    const onA = httpClient(await a.ready);
    const b = startChild(t.schema);
    children.push(b.child);
    const urlB = await b.ready;
    const hr = await departmentKey(onA, HR);
    const id = await assignedCase(onA, hr.id);
    const res = await fetch(`${urlB}/v1/department/stream`, { headers: { authorization: `Bearer ${hr.key}` } });
    expect(res.status).toBe(200);
    const sse = sseReader(res);
    await sse.next((e) => e.comment === 'connected');
    const sent = await onA.post(`/v1/petitions/${id}/assignments/current/notice`, noticeBody('请于三日内报送办理结果'));
    expect(sent.status).toBe(201);
    const notice = await sent.json();
    const e = await sse.next((x) => x.event === 'notice', 5000);
    expect(JSON.parse(e.data!)).toEqual(notice);
    await expect(sse.next((x) => x.event === 'notice', 700)).rejects.toThrow(/no matching event/);
    await sse.cancel();
  }, 120_000);
});
