import { describe, expect, it } from 'vitest';
import { RED_TEXT } from '../../alerts/testing/alert-fixture.ts';
import { simpleTriage } from '../../alerts/testing/simple-triage.ts';
import { createTestApp } from '../../testing/test-app.ts';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

const KEY = '8e03978e-40d5-43e8-bc93-6894a57f9324';
// Red, with a petitioner and a representative: a second registration would add an alert, a webhook delivery,
// identity rows and case-file events, so the counts below see any of them.
const RED = {
  text: RED_TEXT,
  channel: '走访',
  petitioner: { name: '王建国', phone: '13812345678' },
  representatives: [{ name: '李四' }],
};
const TABLES = ['petitions', 'petitioners', 'events', 'alerts', 'webhook_outbox', 'deadlines', 'idempotency_keys'];

/** A test app whose red petitions raise an alert with a webhook delivery (to a port nobody listens on). */
const app = () =>
  createTestApp({
    config: { ALERT_WEBHOOK_URL: 'http://127.0.0.1:9/hook', LOG_LEVEL: 'silent' },
    overrides: { triage: simpleTriage },
  });

const counts = (t: TestApp) =>
  Object.fromEntries(TABLES.map((table) => [table, t.deps.db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get()]));

const register = (t: TestApp, body: unknown, key?: string) =>
  t.post('/v1/petitions', body, key === undefined ? {} : { 'idempotency-key': key });

describe('POST /v1/petitions with an Idempotency-Key', () => {
  it('returns the first petition again for the same key and body, with Idempotent-Replayed, and registers nothing', async () => {
    const t = await app();
    const first = await register(t, RED, KEY);
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const body = await first.json();
    const after = counts(t);
    expect(after).toMatchObject({ petitions: 1, alerts: 1, webhook_outbox: 1, idempotency_keys: 1 });

    // The same request again, its keys in another order: the body is compared in canonical form.
    const { representatives, petitioner, ...rest } = RED;
    const again = await register(t, { representatives, ...rest, petitioner }, KEY);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.headers.get('location')).toBe(`/v1/petitions/${body.id}`);
    expect(await again.json()).toEqual(body);
    expect(counts(t)).toEqual(after);
  });

  it('refuses the same key with a different body: 422 idempotency_key_reused in Chinese, nothing registered', async () => {
    const t = await app();
    const first = await (await register(t, RED, KEY)).json();
    const before = counts(t);
    const res = await register(t, { ...RED, channel: '电话' }, KEY);
    expect(res.status).toBe(422);
    const { error } = await res.json();
    expect(error.code).toBe('idempotency_key_reused');
    expect(error.message).toContain('幂等键');
    expect(error.message).toContain(first.id);
    expect(counts(t)).toEqual(before);
  });

  it('registers every request without the header, as before', async () => {
    const t = await app();
    const a = await register(t, RED);
    const b = await register(t, RED);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.headers.get('idempotent-replayed')).toBeNull();
    expect(b.headers.get('idempotent-replayed')).toBeNull();
    expect((await a.json()).id).not.toBe((await b.json()).id);
    expect(counts(t)).toMatchObject({ petitions: 2, idempotency_keys: 0 });
  });

  it('keeps the keys of two API keys apart', async () => {
    const t = await app();
    const [desk1, desk2] = [t.as('reception'), t.as('reception')];
    const a = await desk1.post('/v1/petitions', RED, { 'idempotency-key': KEY });
    const b = await desk2.post('/v1/petitions', RED, { 'idempotency-key': KEY });
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.headers.get('idempotent-replayed')).toBeNull();
    expect((await a.json()).id).not.toBe((await b.json()).id);
  });

  it('forgets a key after 24 hours: the same key registers a new petition', async () => {
    const t = await app();
    const first = await (await register(t, RED, KEY)).json();
    t.clock.advance(24 * 3_600_000 - 1000);
    expect((await register(t, RED, KEY)).headers.get('idempotent-replayed')).toBe('true');
    t.clock.advance(2000);
    const later = await register(t, { ...RED, channel: '电话' }, KEY);
    expect(later.status).toBe(201);
    expect(later.headers.get('idempotent-replayed')).toBeNull();
    expect((await later.json()).id).not.toBe(first.id);
    // The expired row was taken over in place: the key now stands for the new petition.
    expect(counts(t)).toMatchObject({ petitions: 2, idempotency_keys: 1 });
    expect((await register(t, { ...RED, channel: '电话' }, KEY)).headers.get('idempotent-replayed')).toBe('true');
  });

  it('answers two concurrent first requests with one key with one petition', async () => {
    const t = await app();
    const answers = await Promise.all([register(t, RED, KEY), register(t, RED, KEY)]);
    expect(answers.map((r) => r.status)).toEqual([201, 201]);
    const ids = await Promise.all(answers.map(async (r) => (await r.json()).id));
    expect(ids[0]).toBe(ids[1]);
    expect(answers.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(1);
    expect(counts(t)).toMatchObject({ petitions: 1, alerts: 1, webhook_outbox: 1 });
  });

  it.each([
    ['longer than 255 characters', 'k'.repeat(256)],
    ['with a control character', 'abc\tdef'],
  ])('refuses a key %s with 400 naming the header', async (_, key) => {
    const t = await app();
    const res = await register(t, RED, key);
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error.code).toBe('invalid_request');
    expect(error.message).toMatch(/^请求头有误/);
    expect(error.issues[0].path).toBe('Idempotency-Key');
    expect(counts(t)).toMatchObject({ petitions: 0 });
  });

  it('documents the header, the replay header and the 409 and 422 answers in /openapi.json', async () => {
    const t = await app();
    const doc = await (await t.rawApp.request('/openapi.json')).json();
    const op = doc.paths['/v1/petitions'].post;
    expect(op.parameters).toContainEqual(expect.objectContaining({ name: 'Idempotency-Key', in: 'header' }));
    expect(Object.keys(op.responses[201].headers)).toEqual(['Location', 'Idempotent-Replayed']);
    expect(op.responses[422].description).toContain('idempotency_key_reused');
    expect(op.responses[409].description).toContain('idempotency_key_in_flight');
  });
});
