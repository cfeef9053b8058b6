import { describe, expect, it } from 'vitest';
import { createTestApp } from '../testing/test-app.ts';

const TEXT = '村里道路年久失修，雨天无法通行。';

describe('received_at window (issue 17)', () => {
  it.each([
    ['year 0000', '0000-01-01T00:00:00Z'],
    ['year 9999', '9999-12-31T23:59:59Z'],
    ['before 1990', '1989-12-31T23:59:59+08:00'],
    ['more than a day ahead of the clock', '2026-03-03T09:00:01+08:00'],
  ])('returns 400 naming received_at for %s, and registers nothing', async (_what, received_at) => {
    const t = await createTestApp({ now: '2026-03-02T09:00:00+08:00' });
    const res = await t.post('/v1/petitions', { text: TEXT, received_at });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.issues).toEqual([{ path: 'received_at', message: expect.stringContaining('1990-01-01') }]);
    expect(t.deps.db.prepare('SELECT COUNT(*) FROM petitions').pluck().get()).toBe(0);
  });

  it.each([
    ['1990-01-01 itself', '1990-01-01T00:00:00+08:00'],
    ['a day ahead exactly', '2026-03-03T09:00:00+08:00'],
    ['last year', '2025-03-02T09:00:00+08:00'],
  ])('accepts %s', async (_what, received_at) => {
    const t = await createTestApp({ now: '2026-03-02T09:00:00+08:00' });
    expect((await t.post('/v1/petitions', { text: TEXT, received_at })).status).toBe(201);
  });
});
