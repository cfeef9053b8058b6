import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyDelivery } from '../../alerts/webhook.ts';
import { createLoopback, sseReader, until } from '../../testing/sse-client.ts';
import { checkSchema, keysOf } from '../../testing/openapi-check.ts';
import { createTestApp } from '../../testing/test-app.ts';
import { isCamelKey } from '../casing.ts';

const WAGES = '某建筑公司拖欠我们十二名农民工工资共计八万元，已经半年，多次讨要无果，请求责令支付。';
const SECRET = 'notice-webhook-secret';

const loopback = createLoopback();
const hooks: Server[] = [];
afterEach(async () => {
  await loopback.closeAll();
  await Promise.all(hooks.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A real loopback webhook receiver that answers 200 and keeps every body with its headers. */
async function webhookReceiver() {
  const received: {
    body: string;
    event: string | undefined;
    signature: string | undefined;
    timestamp: string | undefined;
  }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      received.push({
        body,
        event: req.headers['x-alert-event'] as string | undefined,
        signature: req.headers['x-signature'] as string | undefined,
        timestamp: req.headers['x-webhook-timestamp'] as string | undefined,
      });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  hooks.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received };
}

async function openStream(url: string, path: string, key: string) {
  const res = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${key}` } });
  expect(res.status, path).toBe(200);
  const sse = sseReader(res);
  await sse.next((e) => e.comment === 'connected');
  return sse;
}

describe('督办 notices are pushed like alerts', () => {
  it("reach the department's own stream, the dispatch stream and the webhook, and no other department", {
    timeout: 30_000,
  }, async () => {
    const hook = await webhookReceiver();
    const t = await createTestApp({ config: { ALERT_WEBHOOK_URL: hook.url, ALERT_WEBHOOK_SECRET: SECRET } });
    const url = await loopback.listen(t.app.fetch);
    const deps = (await (await t.get('/v1/departments')).json()).items as { id: string; name: string }[];
    const keyOf = async (name: string) => {
      const d = deps.find((x) => x.name === name)!;
      return {
        id: d.id,
        key: (await (await t.post(`/v1/departments/${d.id}/keys`, { name: `${name}承办` })).json()).key as string,
      };
    };
    const hr = await keyOf('人力资源和社会保障局');
    const housing = await keyOf('住房和城乡建设局');
    const hrStream = await openStream(url, '/v1/department/stream', hr.key);
    const housingStream = await openStream(url, '/v1/department/stream', housing.key);
    const dispatchStream = await openStream(url, '/v1/alerts/stream', t.as('dispatch').key);
    const supervisor = t.as('supervisor');
    // The office's keys have no department stream; a department key has no alert stream.
    expect(
      (await fetch(`${url}/v1/department/stream`, { headers: { authorization: `Bearer ${supervisor.key}` } })).status,
    ).toBe(403);
    expect((await fetch(`${url}/v1/alerts/stream`, { headers: { authorization: `Bearer ${hr.key}` } })).status).toBe(
      403,
    );

    const p = await (await t.post('/v1/petitions', { text: WAGES, channel: '网络' })).json();
    for (const body of [{ to: 'screened', decision: 'accepted' }, { to: 'routed' }]) {
      expect(
        (await t.post(`/v1/petitions/${p.id}/transitions`, { actor: '李科员', reason: '依程序办理', ...body })).status,
      ).toBe(200);
    }
    expect(
      (await t.post(`/v1/petitions/${p.id}/assignments`, { department: hr.id, days: 5, actor: '李科员' })).status,
    ).toBe(201);
    t.clock.set('2026-03-10T09:00:00+08:00');
    const sent = await supervisor.post(`/v1/petitions/${p.id}/assignments/current/notice`, {
      message: '已超期，请于三日内报送办理结果',
      actor: '督查科',
    });
    expect(sent.status).toBe(201);
    const notice = await sent.json();
    expect(notice).toMatchObject({
      id: expect.stringMatching(/^N\d+$/),
      petition_id: p.id,
      department: '人力资源和社会保障局',
      days_left: -3,
    });

    const mine = await hrStream.next((e) => e.event === 'notice');
    expect(JSON.parse(mine.data!)).toEqual(notice);
    const board = await dispatchStream.next((e) => e.event === 'notice');
    expect(JSON.parse(board.data!)).toMatchObject({ id: notice.id, message: '已超期，请于三日内报送办理结果' });
    await expect(housingStream.next((e) => e.event === 'notice', 300)).rejects.toThrow();

    await until(() => hook.received.length > 0, 5000);
    await t.deps.alerts.webhookIdle();
    expect(hook.received).toHaveLength(1);
    const [delivery] = hook.received;
    expect(delivery.event).toBe('notice');
    expect(verifyDelivery(SECRET, delivery, delivery.body, Math.floor(Date.now() / 1000))).toBe(true);
    expect(JSON.parse(delivery.body)).toEqual({ event: 'notice', notice });
    // Stream and webhook payloads are the API's answer, snake_case at every depth.
    expect(keysOf([notice, JSON.parse(delivery.body)]).filter((k) => isCamelKey(k.key))).toEqual([]);
    // ... and is what /openapi.json documents under webhooks.
    const doc = await (await t.get('/openapi.json')).json();
    const hookSchema = doc.webhooks['/notice'].post.requestBody.content['application/json'].schema;
    expect(checkSchema(doc, hookSchema, JSON.parse(delivery.body))).toEqual([]);
    // The inbox lists the same notice under the same id.
    expect(
      (await (await t.get('/v1/department/inbox', { authorization: `Bearer ${hr.key}` })).json()).notices[0],
    ).toMatchObject({ id: notice.id });

    // A refused notice (the department has reported, nothing is open) is pushed nowhere.
    await t.post(
      `/v1/petitions/${p.id}/assignments/current/findings`,
      { findings: '经查，工资已于3月9日全部支付。', outcome: '支持', attachments: [], actor: '人社局' },
      { authorization: `Bearer ${hr.key}` },
    );
    expect(
      (await supervisor.post(`/v1/petitions/${p.id}/assignments/current/notice`, { message: '再催', actor: '督查科' }))
        .status,
    ).toBe(409);
    await expect(hrStream.next((e) => e.event === 'notice', 300)).rejects.toThrow();
    await t.deps.alerts.webhookIdle();
    expect(hook.received).toHaveLength(1);
    for (const s of [hrStream, housingStream, dispatchStream]) await s.cancel();
    t.deps.close();
  });
});
