import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
import { SIGNATURE_TOLERANCE_S, signDelivery, verifyDelivery } from './webhook.ts';
import { until } from '../testing/sse-client.ts';
import { openTestDb, sqliteOnly } from '../testing/test-db.ts';

const SECRET = 'webhook-test-secret';

interface Received {
  body: string;
  signature: string | undefined;
  event: string | undefined;
  timestamp: string | undefined;
  id: string | undefined;
}

/**
 * A real loopback receiver that answers with the given statuses in turn (the last one repeats), after delayMs or,
 * when `hold` is given, once it resolves.
 */
async function receiver(statuses: number[], delayMs = 0, hold?: Promise<void>) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const h = (name: string) => req.headers[name] as string | undefined;
      received.push({
        body,
        signature: h('x-signature'),
        event: h('x-alert-event'),
        timestamp: h('x-webhook-timestamp'),
        id: h('x-webhook-id'),
      });
      const status = statuses[Math.min(received.length - 1, statuses.length - 1)];
      const answer = () => res.writeHead(status).end();
      if (hold) hold.then(answer);
      else setTimeout(answer, delayMs);
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
function setup(url: string, opts: { baseDelayMs?: number; dbPath?: string } = {}) {
  const db = opts.dbPath ? openDb(opts.dbPath) : openTestDb();
  const clock = createManualClock('2026-03-02T09:00:00+08:00');
  const events = createEventLog(db, clock);
  const alerts = createAlertService({
    db,
    clock,
    events,
    log: createLogger('silent'),
    webhook: { url, secret: SECRET, baseDelayMs: opts.baseDelayMs ?? 10, maxAttempts: 4 },
  });
  const raiseRed = () => {
    const id = `XF-${Math.random().toString(16).slice(2)}`;
    db.prepare(
      "INSERT INTO petitions (id, text, channel, received_at, created_at, updated_at) VALUES (?, ?, '网络', ?, ?, ?)",
    ).run(id, RED_TEXT, clock.now().toISOString(), clock.now().toISOString(), clock.now().toISOString());
    alerts.onTriaged(
      { id, text: RED_TEXT, title: null, receivedAt: clock.now().toISOString() },
      simpleTriage(RED_TEXT),
    );
    return alerts.list({ limit: 1, offset: 0 }).items[0];
  };
  const deliveries = (alertId: string) =>
    db
      .prepare('SELECT event, attempt, ok, status, error FROM webhook_deliveries WHERE alert_id = ? ORDER BY id')
      .all(alertId);
  return { db, clock, alerts, raiseRed, deliveries };
}

describe('alert webhook', () => {
  it('signs timestamp and body, retries after failures and records every attempt', async () => {
    const hook = await receiver([500, 503, 200]);
    const s = setup(hook.url);
    const alert = s.raiseRed();
    await new Promise((r) => setImmediate(r));
    await s.alerts.webhookIdle();

    expect(hook.received).toHaveLength(3);
    const nowS = Math.floor(Date.now() / 1000);
    for (const r of hook.received) {
      expect(r.signature).toBe(signDelivery(SECRET, Number(r.timestamp), r.body));
      expect(verifyDelivery(SECRET, r, r.body, nowS)).toBe(true);
      expect(r.id).toBe(hook.received[0].id); // one delivery id across retries: the receiver de-duplicates
      expect(r.event).toBe('alert');
      expect(JSON.parse(r.body)).toMatchObject({
        event: 'alert',
        alert: { id: alert.id, kind: 'petition', level: 'red' },
      });
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
    expect(s.deliveries(alert.id)).toEqual(
      [1, 2, 3, 4].map((attempt) => expect.objectContaining({ attempt, ok: 0, status: 500 })),
    );
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
    // The receiver answers only when released: the alert is raised and stored while its delivery is still open.
    let release!: () => void;
    const hook = await receiver([200], 0, new Promise<void>((r) => (release = r)));
    const s = setup(hook.url);
    const alert = s.raiseRed();
    await until(() => hook.received.length === 1, 10_000);
    expect(s.deliveries(alert.id)).toEqual([]);
    release();
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

describe('webhook signature and replays', () => {
  const body = JSON.stringify({ event: 'alert', alert: { id: 'AL1' } });
  const ts = 1_800_000_000;
  const signed = { timestamp: String(ts), signature: signDelivery(SECRET, ts, body) };

  it.each([
    ['a fresh, authentic delivery', signed, body, ts + 10, true],
    ['a replay after the tolerance window', signed, body, ts + SIGNATURE_TOLERANCE_S + 1, false],
    ['a timestamp moved forward to look fresh', { ...signed, timestamp: String(ts + 3600) }, body, ts + 3600, false],
    ['an altered body', signed, body.replace('AL1', 'AL2'), ts, false],
    ['a wrong secret', { ...signed, signature: signDelivery('other', ts, body) }, body, ts, false],
    ['no signature', { timestamp: String(ts) }, body, ts, false],
  ])('verifyDelivery: %s → %s', (_what, headers, b, nowS, ok) => {
    expect(verifyDelivery(SECRET, headers, b, nowS)).toBe(ok);
  });
});

// A restart reopens the same SQLite file; on PostgreSQL the outbox lease is tested in webhook-across-instances.
describe.skipIf(sqliteOnly('reopens a SQLite database file'))('the webhook outbox across a restart', () => {
  it('keeps a delivery the receiver refused, and posts it after the service starts again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xf-outbox-'));
    try {
      const hook = await receiver([503, 200]);
      const dbPath = join(dir, 'xf.db');
      // First run: the receiver fails, and the next attempt is an hour away when the service stops.
      const first = setup(hook.url, { dbPath, baseDelayMs: 3_600_000 });
      const alert = first.raiseRed();
      await new Promise((r) => setImmediate(r));
      while (hook.received.length < 1) await new Promise((r) => setTimeout(r, 5));
      await new Promise((r) => setTimeout(r, 20));
      first.alerts.close();
      first.db.close();
      expect(hook.received).toHaveLength(1);

      // Second run on the same file: the back-off has passed (its wall clock is an hour on), start() sends it.
      const db = openDb(dbPath);
      const clock = createManualClock('2026-03-02T10:00:00+08:00');
      const later = () => Date.now() + 3_600_001;
      const second = createAlertService({
        db,
        clock,
        events: createEventLog(db, clock),
        log: createLogger('silent'),
        webhook: { url: hook.url, secret: SECRET, maxAttempts: 4, now: later },
      });
      second.start();
      await second.webhookIdle();
      second.close();
      expect(hook.received).toHaveLength(2);
      expect(hook.received[1].body).toBe(hook.received[0].body);
      expect(hook.received[1].id).toBe(hook.received[0].id);
      expect(verifyDelivery(SECRET, hook.received[1], hook.received[1].body, Math.floor(later() / 1000))).toBe(true);
      const row = db.prepare('SELECT attempts, delivered_at, last_error FROM webhook_outbox').get();
      expect(row).toMatchObject({ attempts: 2, delivered_at: expect.any(String), last_error: null });
      expect(
        db.prepare('SELECT attempt, ok, status FROM webhook_deliveries WHERE alert_id = ? ORDER BY id').all(alert.id),
      ).toEqual([
        { attempt: 1, ok: 0, status: 503 },
        { attempt: 2, ok: 1, status: 200 },
      ]);
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
