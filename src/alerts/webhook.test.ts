import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createEventLog } from '../audit/event-log.ts';
import { createManualClock } from '../clock.ts';
import { createLogger } from '../log.ts';
import { openDb } from '../store/db.ts';
import { createAlertService } from './alert-service.ts';
import { RED_TEXT } from './testing/alert-fixture.ts';
import { simpleTriage } from './testing/simple-triage.ts';
import { ESCALATE_AFTER_MS } from './types.ts';
import { signBody } from './webhook.ts';

const SECRET = 'webhook-test-secret';

interface Received {
  body: string;
  signature: string | undefined;
  event: string | undefined;
}

/** A real loopback receiver that answers with the given statuses in turn (the last one repeats). */
async function receiver(statuses: number[], delayMs = 0) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      received.push({ body, signature: req.headers['x-signature'] as string | undefined, event: req.headers['x-alert-event'] as string | undefined });
      const status = statuses[Math.min(received.length - 1, statuses.length - 1)];
      setTimeout(() => res.writeHead(status).end(), delayMs);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received };
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** The alert service on its own database, with a real petition row to hang the alert on. */
function setup(url: string, opts: { baseDelayMs?: number } = {}) {
  const db = openDb(':memory:');
  const clock = createManualClock('2026-03-02T09:00:00+08:00');
  const events = createEventLog(db, clock);
  const alerts = createAlertService({ db, clock, events, log: createLogger('silent'), webhook: { url, secret: SECRET, baseDelayMs: opts.baseDelayMs ?? 10 } });
  const raiseRed = () => {
    const id = `XF-${Math.random().toString(16).slice(2)}`;
    db.prepare("INSERT INTO petitions (id, text, channel, received_at, created_at, updated_at) VALUES (?, ?, '网络', ?, ?, ?)").run(
      id, RED_TEXT, clock.now().toISOString(), clock.now().toISOString(), clock.now().toISOString(),
    );
    alerts.onTriaged({ id, text: RED_TEXT, title: null, receivedAt: clock.now().toISOString() }, simpleTriage(RED_TEXT));
    return alerts.list({ limit: 1, offset: 0 }).items[0];
  };
  const deliveries = (alertId: string) => db.prepare('SELECT event, attempt, ok, status, error FROM webhook_deliveries WHERE alert_id = ? ORDER BY id').all(alertId);
  return { db, clock, alerts, raiseRed, deliveries };
}

describe('alert webhook', () => {
  it('signs the body, retries after failures and records every attempt', async () => {
    const hook = await receiver([500, 503, 200]);
    const s = setup(hook.url);
    const alert = s.raiseRed();
    await new Promise((r) => setImmediate(r));
    await s.alerts.webhookIdle();

    expect(hook.received).toHaveLength(3);
    for (const r of hook.received) {
      expect(r.signature).toBe(signBody(SECRET, r.body));
      expect(r.event).toBe('alert');
      expect(JSON.parse(r.body)).toMatchObject({ event: 'alert', alert: { id: alert.id, kind: 'petition', level: 'red' } });
    }
    expect(s.deliveries(alert.id)).toEqual([
      { event: 'alert', attempt: 1, ok: 0, status: 500, error: 'HTTP 500' },
      { event: 'alert', attempt: 2, ok: 0, status: 503, error: 'HTTP 503' },
      { event: 'alert', attempt: 3, ok: 1, status: 200, error: null },
    ]);
  });

  it('gives up after four attempts and keeps each failure', async () => {
    const hook = await receiver([500]);
    const s = setup(hook.url);
    const alert = s.raiseRed();
    await new Promise((r) => setImmediate(r));
    await s.alerts.webhookIdle();
    expect(hook.received).toHaveLength(4);
    expect(s.deliveries(alert.id)).toEqual([1, 2, 3, 4].map((attempt) => expect.objectContaining({ attempt, ok: 0, status: 500 })));
  });

  it('records a receiver that is down as an error without a status', async () => {
    const hook = await receiver([200]);
    await new Promise((r) => servers.pop()!.close(r)); // nothing listens on the port any more
    const s = setup(hook.url, { baseDelayMs: 1 });
    const alert = s.raiseRed();
    await new Promise((r) => setImmediate(r));
    await s.alerts.webhookIdle();
    const rows = s.deliveries(alert.id) as { status: number | null; error: string; ok: number }[];
    expect(rows).toHaveLength(4);
    expect(rows.every((r) => r.ok === 0 && r.status === null && r.error.length > 0)).toBe(true);
  });

  it('never makes the raising code wait for the receiver', async () => {
    const hook = await receiver([200], 300);
    const s = setup(hook.url);
    const started = performance.now();
    const alert = s.raiseRed();
    await new Promise((r) => setImmediate(r));
    expect(performance.now() - started).toBeLessThan(200);
    expect(s.deliveries(alert.id)).toEqual([]);
    await s.alerts.webhookIdle();
    expect(s.deliveries(alert.id)).toEqual([expect.objectContaining({ ok: 1, status: 200 })]);
  });

  it('sends escalations too', async () => {
    const hook = await receiver([200]);
    const s = setup(hook.url);
    s.raiseRed();
    await new Promise((r) => setImmediate(r));
    s.clock.advance(ESCALATE_AFTER_MS);
    s.alerts.checkEscalations();
    await s.alerts.webhookIdle();
    expect(hook.received.map((r) => r.event)).toEqual(['alert', 'escalation']);
  });
});
