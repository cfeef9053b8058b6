import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate, openDb, readMigrations } from '../../store/db.ts';
import { createTestApp } from '../../testing/test-app.ts';
import { sqliteOnly } from '../../testing/test-db.ts';

describe('API key names are unique: a name is who the case file says acted', () => {
  it('answers 409 in Chinese for a name already taken, revoked keys included, and writes nothing', async () => {
    const t = await createTestApp();
    const first = await (await t.post('/v1/keys', { name: 't-reception', role: 'reception' })).json();
    const events = t.deps.events.verify().events;
    const again = await t.post('/v1/keys', { name: 't-reception', role: 'dispatch' });
    expect(again.status).toBe(409);
    expect((await again.json()).error).toMatchObject({
      code: 'name_taken',
      message: expect.stringContaining('已被使用'),
    });
    await t.request(`/v1/keys/${first.id}`, { method: 'DELETE' });
    expect((await t.post('/v1/keys', { name: 't-reception', role: 'reception' })).status).toBe(409);
    expect(t.deps.keys.list().filter((k) => k.name === 't-reception')).toHaveLength(1);
    expect(t.deps.events.verify().events).toBe(events + 1); // the revocation, no second key_created
  });

  it.each(['system', 'System', 'anonymous', 'seed'])(
    'refuses the service’s own actor name %s (400 naming the field)',
    async (name) => {
      const t = await createTestApp();
      const res = await t.post('/v1/keys', { name, role: 'reception' });
      expect(res.status).toBe(400);
      expect((await res.json()).error.issues).toEqual([expect.objectContaining({ path: 'name' })]);
    },
  );

  it('answers 409 for a department key whose name is taken, and binds nothing', async () => {
    const t = await createTestApp();
    const dep = ((await (await t.get('/v1/departments')).json()).items as { id: string }[])[0];
    expect((await t.post(`/v1/departments/${dep.id}/keys`, { name: '承办员' })).status).toBe(201);
    expect((await t.post(`/v1/departments/${dep.id}/keys`, { name: '承办员' })).status).toBe(409);
    expect(t.deps.db.prepare('SELECT COUNT(*) AS n FROM department_keys').get()).toEqual({ n: 1 });
  });

  // A second start on the same SQLite file; on PostgreSQL a restart is the same schema, left to the start-up tests.
  it.skipIf(sqliteOnly('restarts on the same SQLite file'))(
    'gives a new generated admin key a free name when every earlier admin key was revoked',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'xf-keynames-'));
      const db = join(dir, 'x.db');
      const first = await createTestApp({ config: { DB_PATH: db, ADMIN_API_KEY: '' } });
      const admin = first.deps.keys.list().find((k) => k.role === 'admin')!;
      first.deps.keys.revoke(admin.id, 'test');
      first.deps.close();
      const second = await createTestApp({ config: { DB_PATH: db, ADMIN_API_KEY: '' } });
      const names = second.deps.keys
        .list()
        .filter((k) => k.role === 'admin')
        .map((k) => k.name);
      expect(names.sort()).toEqual(['admin (generated at first start)', 'admin (generated at first start) 2']);
      second.deps.close();
    },
  );
});

describe.skipIf(sqliteOnly('SQLite migration 015; PostgreSQL starts at the 019 baseline'))(
  'migration 015 (unique key names)',
  () => {
    it('renames the later duplicates and keys named like the system in an old database, then enforces uniqueness', () => {
      const all = readMigrations();
      const db = openDb(
        ':memory:',
        all.filter((m) => m.version < 15),
      );
      const insert = db.prepare(
        'INSERT INTO api_keys (id, name, role, key_hash, prefix, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)',
      );
      insert.run('key_a', 't-reception', 'reception', 'h1', 'xf_a', '2026-01-01T00:00:00Z', 'admin');
      insert.run('key_b', 't-reception', 'dispatch', 'h2', 'xf_b', '2026-01-02T00:00:00Z', 'admin');
      insert.run('key_c', 'system', 'admin', 'h3', 'xf_c', '2026-01-03T00:00:00Z', 'admin');
      insert.run('key_d', '窗口 张', 'reception', 'h4', 'xf_d', '2026-01-04T00:00:00Z', 'admin');
      migrate(db, all);
      expect(db.prepare('SELECT id, name FROM api_keys ORDER BY id').all()).toEqual([
        { id: 'key_a', name: 't-reception' },
        { id: 'key_b', name: 't-reception (key_b)' },
        { id: 'key_c', name: 'system (key_c)' },
        { id: 'key_d', name: '窗口 张' },
      ]);
      expect(() => insert.run('key_e', '窗口 张', 'reception', 'h5', 'xf_e', 't', 'admin')).toThrow(/UNIQUE/);
    });
  },
);
