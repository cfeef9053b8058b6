import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDb } from '../db.ts';
import { probeWritable } from '../db-health.ts';
import { StartupError } from '../../errors.ts';
import { dialectOf, tableNames } from '../dialect.ts';
import { missingEventGuards, restoreEventGuards } from '../event-guards.ts';
import { createPiiCipher } from '../pii-cipher.ts';
import { checkPiiKeysOpen } from '../pii-keys.ts';
import { migratePg } from './migrate-pg.ts';
import { PgSyncDb } from './pg-sync-db.ts';
import { openTestSchema, skipReason, TEST_DATABASE_URL, type TestSchema } from './testing/pg-test-db.ts';

const skip = skipReason();

describe.skipIf(skip)('store modules on PostgreSQL', () => {
  let t: TestSchema;
  beforeEach(() => {
    t = openTestSchema();
    migratePg(t.db);
  });
  afterEach(() => t.drop());

  it('tells the dialects apart', () => {
    const lite = openDb(':memory:');
    expect([dialectOf(lite), dialectOf(t.db)]).toEqual(['sqlite', 'postgres']);
    lite.close();
  });

  it("lists the schema's tables", () => {
    expect(tableNames(t.db)).toEqual(expect.arrayContaining(['petitions', 'audit_anchor_files', 'schema_migrations']));
  });

  it('stops start-up when PII_KEY does not open the newest petitioner rows (ordered by rowid on PostgreSQL too)', () => {
    const written = { current: 'a'.repeat(64), previous: [] };
    const other = { current: 'b'.repeat(64), previous: [], source: 'config' };
    t.db
      .prepare(
        "INSERT INTO petitions (id, text, channel, received_at, created_at, updated_at) VALUES ('p1', 't', '来信', @at, @at, @at)",
      )
      .run({ at: '2026-12-05T05:00:00.000Z' });
    t.db
      .prepare('INSERT INTO petitioners (petition_id, name) VALUES (?, ?)')
      .run('p1', createPiiCipher(written).encrypt('张三', 'p1:name'));
    expect(() => checkPiiKeysOpen(t.db, createPiiCipher(other), other)).toThrow(StartupError);
    expect(() => checkPiiKeysOpen(t.db, createPiiCipher(written), { ...written, source: 'config' })).not.toThrow();
  });

  describe('event guards', () => {
    it('finds all three guards after the baseline', () => {
      expect(missingEventGuards(t.db)).toEqual([]);
    });

    it.each([
      ['dropped', 'DROP TRIGGER events_no_delete ON events', ['events_no_delete']],
      ['disabled', 'ALTER TABLE events DISABLE TRIGGER events_no_update', ['events_no_update']],
      [
        'defused (function replaced by a harmless one)',
        'CREATE OR REPLACE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN OLD; END $$',
        ['events_no_update', 'events_no_delete', 'events_no_truncate'],
      ],
    ])('reports a guard %s and restores it at start-up', (_, sql, missing) => {
      t.db.exec(sql);
      expect(missingEventGuards(t.db)).toEqual(missing);
      expect(restoreEventGuards(t.db)).toEqual(missing);
      expect(missingEventGuards(t.db)).toEqual([]);
      t.db
        .prepare(
          "INSERT INTO events (seq, type, actor, payload, created_at, prev_hash, hash) VALUES (1, 'x', 'u', '{}', 't', 'a', 'b')",
        )
        .run();
      expect(() => t.db.prepare('DELETE FROM events').run()).toThrow(/append-only/);
      expect(() => t.db.exec("UPDATE events SET actor = 'x'")).toThrow(/append-only/);
    });
  });

  describe('probeWritable', () => {
    it('says writable on a primary, and not when the server accepts no writes', () => {
      expect(probeWritable(t.db)).toEqual({ writable: true });
      t.db.exec('SET default_transaction_read_only = on');
      expect(probeWritable(t.db)).toMatchObject({ writable: false, code: 'SQLITE_READONLY' });
      t.db.exec('SET default_transaction_read_only = off');
    });

    it('answers from a new connection when the server ended the old one and is up again', () => {
      const victim = new PgSyncDb(TEST_DATABASE_URL ?? '');
      const pid = victim.prepare('SELECT pg_backend_pid()').pluck().get();
      t.db.prepare('SELECT pg_terminate_backend(?::int, 5000)').get(pid);
      // A server that does not answer gives { writable: false, code: 'DB_UNAVAILABLE' }: db-outage.test.ts.
      expect(probeWritable(victim)).toEqual({ writable: true });
      expect(victim.prepare('SELECT pg_backend_pid()').pluck().get()).not.toBe(pid);
      victim.close();
    });
  });
});
