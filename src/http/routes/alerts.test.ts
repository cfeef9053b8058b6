import { OpenAPIHono } from '@hono/zod-openapi';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RED_TEXT, GREEN_TEXT } from '../../alerts/testing/alert-fixture.ts';
import { simpleTriage } from '../../alerts/testing/simple-triage.ts';
import { ESCALATE_AFTER_MS } from '../../alerts/types.ts';
import type { Deps } from '../../deps.ts';
import { startServer, type ServerProcess } from '../../testing/server-process.ts';
import { createLoopback, sseReader, until } from '../../testing/sse-client.ts';
import { keysOf } from '../../testing/openapi-check.ts';
import { createTestApp } from '../../testing/test-app.ts';
import type { AppEnv } from '../app-env.ts';
import { isCamelKey } from '../casing.ts';
import { alertRoutes } from './alerts.ts';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
const testApp = () => createTestApp({ overrides: { triage: simpleTriage } });

const loopback = createLoopback();
const listen = loopback.listen;
afterEach(() => loopback.closeAll());

async function openStream(url: string, key: string) {
  const res = await fetch(`${url}/v1/alerts/stream`, { headers: { authorization: `Bearer ${key}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/event-stream');
  const sse = sseReader(res);
  await sse.next((e) => e.comment === 'connected');
  return sse;
}

async function registerOverHttp(url: string, key: string, text: string) {
  const res = await fetch(`${url}/v1/petitions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ text, channel: '网络' }),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string };
}

describe('GET /v1/alerts/stream', () => {
  // How soon it arrives is a figure of scripts/bench-alert-push.ts, not of a timed test (a loaded CI machine).
  it('pushes a red petition registered through the API to an open stream', async () => {
    const t = await testApp();
    const url = await listen(t.app.fetch);
    const dispatch = t.as('dispatch');
    const sse = await openStream(url, dispatch.key);

    const petition = await registerOverHttp(url, t.as('reception').key, RED_TEXT);
    const e = await sse.next((x) => x.event === 'alert', 10_000);
    expect(JSON.parse(e.data!)).toMatchObject({
      kind: 'petition',
      petition_id: petition.id,
      level: 'red',
      evidence: { signals: [{ code: 'self_harm' }] },
    });
    await sse.cancel();
  });

  it('pushes escalations and acknowledgements, and nothing for a green petition', async () => {
    const t = await testApp();
    const url = await listen(t.app.fetch);
    const dispatch = t.as('dispatch');
    const sse = await openStream(url, dispatch.key);
    await registerOverHttp(url, t.key, GREEN_TEXT);
    const red = await registerOverHttp(url, t.key, RED_TEXT);
    // The first alert on the stream is the red petition's: the green one raised none.
    const alert = JSON.parse((await sse.next((x) => x.event === 'alert')).data!);
    expect(alert.petition_id).toBe(red.id);

    t.clock.advance(ESCALATE_AFTER_MS);
    t.deps.alerts.checkEscalations();
    expect(JSON.parse((await sse.next((x) => x.event === 'escalation')).data!)).toMatchObject({
      id: alert.id,
      escalation_level: 1,
    });

    const ack = await fetch(`${url}/v1/alerts/${alert.id}/ack`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${dispatch.key}` },
      body: JSON.stringify({}),
    });
    expect(ack.status).toBe(200);
    const acked = JSON.parse((await sse.next((x) => x.event === 'ack')).data!);
    expect(acked).toMatchObject({
      id: alert.id,
      acked_by: expect.stringMatching(/^test dispatch \d+ \[dispatch key_[0-9a-f]+\]$/),
    });
    // The stream speaks the API's snake_case, at every depth of the alert and its evidence.
    expect(keysOf([alert, acked]).filter((k) => isCamelKey(k.key))).toEqual([]);
    await sse.cancel();
  });

  it('replays the open alerts first with ?replay=open, for a screen that reconnects', async () => {
    const t = await testApp();
    const url = await listen(t.app.fetch);
    const first = await registerOverHttp(url, t.key, RED_TEXT);
    t.clock.advance(1000);
    const second = await registerOverHttp(url, t.key, RED_TEXT);
    const acked = t.deps.alerts.list({ limit: 10, offset: 0 }).items.find((a) => a.petition_id === first.id)!;
    t.deps.alerts.ack(acked.id, { actor: '值班员' });
    const res = await fetch(`${url}/v1/alerts/stream?replay=open`, { headers: { authorization: `Bearer ${t.key}` } });
    const e = await sseReader(res).next((x) => x.event === 'alert');
    expect(JSON.parse(e.data!)).toMatchObject({ petition_id: second.id });
    expect(
      (await fetch(`${url}/v1/alerts/stream?replay=all`, { headers: { authorization: `Bearer ${t.key}` } })).status,
    ).toBe(400);
  });

  it('removes the subscriber when the client disconnects', async () => {
    const t = await testApp();
    const url = await listen(t.app.fetch);
    const sse = await openStream(url, t.key);
    expect(t.deps.alerts.subscribers).toBe(1);
    await sse.cancel();
    await until(() => t.deps.alerts.subscribers === 0);
  });

  it('sends heartbeat comments while idle', async () => {
    const t = await testApp();
    const app = new OpenAPIHono<AppEnv>();
    app.route('/', alertRoutes(t.deps as Deps, { heartbeatMs: 50 }));
    const url = await listen(app.fetch);
    const sse = await openStream(url, t.key);
    await sse.next((e) => e.comment === 'heartbeat', 1000);
    await sse.cancel();
  });

  it('ends open streams when the service closes', async () => {
    const t = await testApp();
    const url = await listen(t.app.fetch);
    const res = await fetch(`${url}/v1/alerts/stream`, { headers: { authorization: `Bearer ${t.key}` } });
    const reader = res.body!.getReader();
    await reader.read(); // ": connected"
    t.deps.close();
    await expect(
      (async () => {
        for (;;) if ((await reader.read()).done) return 'ended';
      })(),
    ).resolves.toBe('ended');
  });
});

async function redAlert(t: TestApp) {
  const p = await t.post('/v1/petitions', { text: RED_TEXT });
  expect(p.status).toBe(201);
  const petitionId = (await p.json()).id as string;
  const list = await (await t.get('/v1/alerts?status=open')).json();
  return {
    petitionId,
    alert: list.items.find((a: { petition_id: string }) => a.petition_id === petitionId) as { id: string },
  };
}

describe('alerts API', () => {
  it('describes every alert route in the OpenAPI document', async () => {
    const t = await testApp();
    const doc = await (await t.get('/openapi.json')).json();
    expect(
      Object.keys(doc.paths)
        .filter((p) => /alerts|clusters/.test(p))
        .sort(),
    ).toEqual(
      [
        '/v1/alerts',
        '/v1/alerts/stream',
        '/v1/alerts/{id}',
        '/v1/alerts/{id}/ack',
        '/v1/clusters',
        '/v1/clusters/{id}',
      ].sort(),
    );
  });

  it('lists alerts by status: open, acked, escalated', async () => {
    const t = await testApp();
    const a = (await redAlert(t)).alert;
    const b = (await redAlert(t)).alert;
    await t.post(`/v1/alerts/${a.id}/ack`, {});
    t.clock.advance(ESCALATE_AFTER_MS);
    t.deps.alerts.checkEscalations();
    const ids = async (q: string) =>
      (await (await t.get(`/v1/alerts${q}`)).json()).items.map((x: { id: string }) => x.id);
    expect(await ids('?status=open')).toEqual([b.id]);
    expect(await ids('?status=acked')).toEqual([a.id]);
    expect(await ids('?status=escalated')).toEqual([b.id]);
    expect((await ids('')).sort()).toEqual([a.id, b.id].sort());
    expect((await t.get('/v1/alerts?status=closed')).status).toBe(400);
  });

  it('acknowledges once as the calling key (a body actor is ignored): 200, then 409; 404 for an unknown alert', async () => {
    const t = await testApp();
    const { petitionId, alert } = await redAlert(t);
    const dispatch = t.as('dispatch', '值班员王五');
    const first = await dispatch.post(`/v1/alerts/${alert.id}/ack`, {
      actor: '县信访局 局长 王某',
      note: '已联系属地',
    });
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({
      id: alert.id,
      acked_by: expect.stringMatching(/^值班员王五 \[dispatch key_/),
      ack_note: '已联系属地',
    });
    expect(JSON.stringify(t.deps.events.forPetition(petitionId))).not.toContain('局长');
    const second = await t.as('dispatch', '值班员赵六').post(`/v1/alerts/${alert.id}/ack`, {});
    expect(second.status).toBe(409);
    expect((await second.json()).error).toMatchObject({
      code: 'already_acked',
      message: expect.stringContaining('值班员王五'),
    });
    const unknown = await dispatch.post('/v1/alerts/AL20260302-00000000/ack', {});
    expect(unknown.status).toBe(404);
    const tooLong = await dispatch.post(`/v1/alerts/${alert.id}/ack`, { actor: 'x'.repeat(201) });
    expect(tooLong.status).toBe(400);
    expect((await t.get('/v1/alerts/AL20260302-00000000')).status).toBe(404);
  });

  it('keeps alert, acknowledgement and escalation in the case file, and the chain verifies', async () => {
    const t = await testApp();
    const { petitionId, alert } = await redAlert(t);
    t.clock.advance(ESCALATE_AFTER_MS);
    t.deps.alerts.checkEscalations();
    await t.as('dispatch', '值班员').post(`/v1/alerts/${alert.id}/ack`, {});
    const events = (await (await t.get(`/v1/petitions/${petitionId}/events`)).json()).events.map(
      (e: { type: string }) => e.type,
    );
    expect(events).toEqual(['registered', 'triaged', 'alert_raised', 'alert_escalated', 'alert_acked']);
    // Five events of the petition and the office-level key_created of the 值班员's key.
    expect(await (await t.get('/v1/audit/verify')).json()).toMatchObject({ ok: true, events: 6 });
    const view = await (await t.get(`/v1/alerts/${alert.id}`)).json();
    expect(view).toMatchObject({
      id: alert.id,
      escalation_level: 1,
      acked_by: expect.stringMatching(/^值班员 \[dispatch key_/),
      webhook_deliveries: [],
      cluster: null,
    });
  });

  it('shows clusters and their members; 404 for an unknown cluster', async () => {
    const t = await testApp();
    for (let i = 0; i < 5; i++) {
      const res = await t.post('/v1/petitions', {
        text: `宏达建筑公司拖欠工资第${'一二三四五'[i]}次反映，家里等钱用。`,
        petitioner: { id_number: `11010519800101${1000 + i}` },
      });
      expect(res.status).toBe(201);
    }
    const clusters = await (await t.get('/v1/clusters')).json();
    expect(clusters.total).toBe(1);
    const cluster = await (await t.get(`/v1/clusters/${clusters.items[0].id}`)).json();
    expect(cluster).toMatchObject({ matter_kind: 'employer', matter: '宏达建筑公司', distinct_petitioners: 5 });
    expect(cluster.members).toHaveLength(5);
    const alert = await (await t.get(`/v1/alerts/${cluster.alert_id}`)).json();
    expect(alert).toMatchObject({ kind: 'cluster', reason: 'mass_petitioners', cluster: { id: cluster.id } });
    expect((await t.get('/v1/clusters/CL-NONE')).status).toBe(404);
  });
});

describe('the real service with an open alert stream', () => {
  // One child process for both tests: start-up is the slow part (tsx compiles the service on a loaded machine).
  let srv: ServerProcess;
  beforeAll(async () => {
    srv = await startServer({ DB_PATH: ':memory:' }, 60_000);
  });
  afterAll(() => {
    if (srv?.child.exitCode === null) srv.child.kill('SIGKILL');
  });

  it('pushes a red petition, triaged by the configured models, to the stream', async () => {
    const res = await fetch(`${srv.url}/v1/alerts/stream`, { headers: srv.auth });
    const sse = sseReader(res);
    await sse.next((e) => e.comment === 'connected');
    await registerOverHttp(srv.url, srv.key, GREEN_TEXT); // warms the service up; raises no alert
    const petition = await registerOverHttp(srv.url, srv.key, RED_TEXT);
    const e = await sse.next((x) => x.event === 'alert', 10_000);
    expect(JSON.parse(e.data!)).toMatchObject({ kind: 'petition', petition_id: petition.id, level: 'red' });
    await sse.cancel();
  });

  it('shuts down cleanly on SIGTERM without waiting for an open stream', async () => {
    const res = await fetch(`${srv.url}/v1/alerts/stream`, { headers: srv.auth });
    expect(res.status).toBe(200);
    await sseReader(res).next((e) => e.comment === 'connected');
    const started = Date.now();
    srv.child.kill('SIGTERM');
    expect(await srv.exited).toBe(0);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
