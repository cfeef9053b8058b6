import { describe, expect, it } from 'vitest';
import { migrate, openDb, readMigrations } from './db.ts';

describe('migration 011 (role department)', () => {
  it('keeps every key and session of an existing database and still enforces the session → key link', () => {
    const all = readMigrations();
    const db = openDb(
      ':memory:',
      all.filter((m) => m.version < 11),
    );
    db.prepare(
      "INSERT INTO api_keys (id, name, role, key_hash, prefix, created_at, created_by) VALUES ('key_a', '前台', 'reception', 'h1', 'xf_abcd', 't', 'admin')",
    ).run();
    db.prepare(
      "INSERT INTO sessions (token_hash, key_id, csrf_token, created_at, expires_at) VALUES ('s1', 'key_a', 'c', 't', 'u')",
    ).run();
    migrate(db, all);
    expect(db.prepare('SELECT id, role FROM api_keys').all()).toEqual([{ id: 'key_a', role: 'reception' }]);
    expect(db.prepare('SELECT token_hash, key_id FROM sessions').all()).toEqual([
      { token_hash: 's1', key_id: 'key_a' },
    ]);
    expect(() =>
      db
        .prepare(
          "INSERT INTO sessions (token_hash, key_id, csrf_token, created_at, expires_at) VALUES ('s2', 'nope', 'c', 't', 'u')",
        )
        .run(),
    ).toThrow(/FOREIGN KEY/);
    db.prepare(
      "INSERT INTO api_keys (id, name, role, key_hash, prefix, created_at, created_by) VALUES ('key_d', '人社局', 'department', 'h2', 'xf_efgh', 't', 'admin')",
    ).run();
    expect(db.pragma('foreign_key_check')).toEqual([]);
  });
});
