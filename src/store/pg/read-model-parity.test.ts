import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDb } from '../db.ts';
import { computeStats } from '../stats-read.ts';
import type { Db } from '../db-types.ts';
import { migratePg, readPgMigrations } from './migrate-pg.ts';
import { openTestSchema, skipReason, TEST_DATABASE_URL, type TestSchema } from './testing/pg-test-db.ts';

const skip = skipReason();

/** The same writes on either backend, through the Db interface only (the adapter translates the parameters). */
function writeScenario(db: Db) {
  const petition = db.prepare(
    `INSERT INTO petitions (id, text, channel, received_at, location, status, risk_level, category, triage, created_at, updated_at)
     VALUES (@id, '内容', @channel, @at, @location, 'registered', @risk, @category, @triage, @at, @at)`,
  );
  const triage = (department: string | null, categoryDepartment: string | null) =>
    JSON.stringify({ department, category: { department: categoryDepartment } });
  const rows = [
    ['p1', '来信', '2026-03-01T10:00:00.000Z', '城关镇', 'red', '劳动', triage('人社局', '人社局')],
    ['p2', '来访', '2026-03-01T17:30:00.000Z', null, 'green', null, triage(null, '住建局')],
    ['p3', '网上', '2026-04-15T02:00:00.000Z', '城关镇', 'yellow', '住建', 'not json'],
    ['p4', '来信', '2026-05-20T08:00:00.000Z', '河西乡', 'green', '劳动', null],
  ] as const;
  for (const [id, channel, at, location, risk, category, t] of rows)
    petition.run({ id, channel, at, location, risk, category, triage: t });

  const petitioner = db.prepare('INSERT INTO petitioners (petition_id, identity_key) VALUES (?, ?)');
  petitioner.run('p3', 'k1');
  petitioner.run('p1', 'k1'); // inserted later but received earlier: p3 becomes a repeat (within 90 days)
  petitioner.run('p4', 'k1'); // 35 days after p3: a repeat
  petitioner.run('p2', null);

  const deadline = db.prepare(
    "INSERT INTO deadlines (petition_id, kind, starts_at, due_at, met_at, article) VALUES (?, ?, ?, ?, ?, '第二十二条')",
  );
  deadline.run('p1', 'accept', '2026-03-01', '2026-03-16', null);
  deadline.run('p1', 'conclude', '2026-03-01', '2026-05-30', null);
  deadline.run('p2', 'accept', '2026-03-02', '2026-03-16', '2026-03-16T15:59:00.000Z');
  deadline.run('p3', 'accept', '2026-04-15', '2026-04-30', null);
  deadline.run('p3', 'other', '2026-04-15', '2026-04-20', null);
  deadline.run('p4', 'accept', '2026-05-20', '2026-06-04', null);
  const meet = db.prepare('UPDATE deadlines SET met_at = ? WHERE petition_id = ? AND kind = ?');
  meet.run('2026-03-10T01:00:00.000Z', 'p1', 'accept');
  meet.run('2026-05-01T16:30:00.000Z', 'p3', 'accept'); // 2026-05-02 in office time: late
  db.prepare('DELETE FROM deadlines WHERE petition_id = ? AND kind = ?').run('p1', 'conclude');

  db.prepare('UPDATE petitions SET status = ?, location = ? WHERE id = ?').run('accepted', '河西乡', 'p1');
  db.prepare('UPDATE petitions SET status = ? WHERE id = ?').run('accepted', 'p2');
  db.prepare('UPDATE petitions SET triage = ? WHERE id = ?').run(triage('民政局', null), 'p4');

  const event = db.prepare(
    "INSERT INTO events (seq, petition_id, type, actor, payload, created_at, prev_hash, hash) VALUES (?, ?, ?, 'u', ?, ?, 'a', 'b')",
  );
  event.run(
    1,
    'p1',
    'transition',
    JSON.stringify({ to: 'assigned', department: '人社局' }),
    '2026-03-02T00:00:00.000Z',
  );
  event.run(2, 'p1', 'transition', JSON.stringify({ to: 'replied' }), '2026-03-20T12:34:56.789Z');
  event.run(3, 'p1', 'transition', JSON.stringify({ to: 'replied' }), '2026-03-10T00:00:00.001Z');
  event.run(4, 'p2', 'note', JSON.stringify({ to: 'replied' }), '2026-03-05T00:00:00.000Z');
  event.run(5, null, 'transition', 'not json', '2026-03-05T00:00:00.000Z');

  const followUp = db.prepare(
    "INSERT INTO follow_ups (petition_id, satisfaction, actor, created_at) VALUES (?, ?, 'u', '2026-06-01T00:00:00.000Z')",
  );
  followUp.run('p1', '满意');
  followUp.run('p2', '满意');
  followUp.run('p3', '不满意');

  const draft = db.prepare(
    "INSERT INTO drafts (id, petition_id, version, kind, reply, provider, created_by, created_at) VALUES (?, 'p1', ?, 'reply', '答复', 't', 'u', '2026-03-03T00:00:00.000Z')",
  );
  draft.run('d1', 1);
  db.prepare("UPDATE petitions SET round = 2 WHERE id = 'p1'").run();
  draft.run('d2', 2);
}

const READ_MODEL = [
  'SELECT dim, key, n FROM stat_counts ORDER BY dim, key',
  'SELECT * FROM stat_months ORDER BY month',
  'SELECT * FROM stat_open_clocks ORDER BY due_at',
  'SELECT * FROM stat_petition_due ORDER BY due_at',
  'SELECT * FROM petition_due ORDER BY petition_id',
  'SELECT * FROM petition_repeat ORDER BY petition_id',
  'SELECT * FROM petition_reply ORDER BY petition_id',
  'SELECT id, round FROM drafts ORDER BY id',
];

describe.skipIf(skip)('PostgreSQL migrations (migrations-pg)', () => {
  let t: TestSchema;
  beforeEach(() => {
    t = openTestSchema();
  });
  afterEach(() => t.drop());

  it('applies each migration once, recorded in schema_migrations', () => {
    expect(migratePg(t.db)).toBe(readPgMigrations().length);
    expect(migratePg(t.db)).toBe(0);
    const names = t.db.prepare('SELECT name FROM schema_migrations ORDER BY version').pluck().all();
    expect(names).toEqual(readPgMigrations().map((m) => m.name));
  });

  it('runs the migrations once when two instances start together (the second waits on the advisory lock)', async () => {
    const run = promisify(execFile);
    const child = new URL('./testing/migrate-child.ts', import.meta.url).pathname;
    const startAt = String(Date.now() + 4_000); // both loaded and connected by then, on a loaded machine too
    const start = () => run(process.execPath, ['--import', 'tsx', child, TEST_DATABASE_URL ?? '', t.schema, startAt]);
    const outputs = await Promise.all([start(), start()]);
    expect(outputs.map((o) => Number(o.stdout.trim())).sort()).toEqual([0, readPgMigrations().length]);
    expect(t.db.prepare('SELECT COUNT(*) FROM schema_migrations').pluck().get()).toBe(readPgMigrations().length);
  });

  it('rolls a failing migration back whole and records nothing for it', () => {
    const [compat] = readPgMigrations();
    const broken = { version: 1, name: '001-broken', sql: 'CREATE TABLE half (x int); SELECT no_such_function()' };
    expect(() => migratePg(t.db, [compat, broken])).toThrow(/no_such_function/);
    expect(t.db.prepare("SELECT to_regclass('half') IS NULL AS gone").pluck().get()).toBe(1);
    expect(t.db.prepare('SELECT version FROM schema_migrations').pluck().all()).toEqual([0]);
  });

  it('keeps the case file append-only, as SQLite does, and refuses TRUNCATE too', () => {
    migratePg(t.db);
    t.db
      .prepare(
        "INSERT INTO events (seq, type, actor, payload, created_at, prev_hash, hash) VALUES (1, 'x', 'u', '{}', 't', 'a', 'b')",
      )
      .run();
    for (const sql of ['DELETE FROM events', "UPDATE events SET actor = 'x'", 'TRUNCATE events'])
      expect(() => t.db.exec(sql), sql).toThrow(expect.objectContaining({ code: 'SQLITE_CONSTRAINT_TRIGGER' }));
    expect(() => t.db.exec('DELETE FROM events')).toThrow(/append-only/);
  });

  it('maintains the read model exactly as the SQLite triggers do for the same writes', () => {
    migratePg(t.db);
    const lite = openDb(':memory:');
    try {
      writeScenario(lite);
      writeScenario(t.db);
      for (const sql of READ_MODEL) expect(t.db.prepare(sql).all(), sql).toEqual(lite.prepare(sql).all());
      // Not an empty comparison.
      expect(lite.prepare("SELECT n FROM stat_counts WHERE dim = 'total'").pluck().get()).toBe(4);
      expect(lite.prepare('SELECT COUNT(*) FROM petition_repeat WHERE repeat = 1').pluck().get()).toBe(2);
      expect(lite.prepare('SELECT petition_id FROM petition_due').pluck().all()).toEqual(['p4']);
      // The dashboard reads the same figures through store/read-model.ts (camelCase aliases, LIMIT -1).
      const now = new Date('2026-06-10T00:00:00.000Z');
      expect(computeStats(t.db, now, 120)).toEqual(computeStats(lite, now, 120));
    } finally {
      lite.close();
    }
  });
});
