import { mkdtempSync, openSync, readSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createManualClock } from '../clock.ts';
import { openDb, tx } from '../store/db.ts';
import { CaseEventError, createEventLog } from './event-log.ts';
import { openTestDb, sqliteOnly } from '../testing/test-db.ts';

const registered = (channel: string) => ({
  channel,
  source: null,
  received_at: '2026-03-02T01:00:00.000Z',
  title: null,
  text_sha256: 'a'.repeat(64),
  petitioner_recorded: false,
  attachments: 0,
  co_petitioners: 0,
  representatives: 0,
  people: 1,
});
const triaged = {
  emotion: { label: 'angry' },
  category: { label: '劳动和社会保障' },
  risk: { level: 'red', score: 0.95, signals: [{ code: 'self_harm' }] },
};

/** The petitions rows the events vouch for (A is triaged red; B only registered). */
function insertPetitions(db: ReturnType<typeof openDb>) {
  const insert = db.prepare(
    `INSERT INTO petitions (id, text, channel, received_at, status, risk_level, category, created_at, updated_at)
     VALUES (?, '某公司拖欠工资', ?, '2026-03-02T01:00:00.000Z', 'registered', ?, ?, '2026-03-02T01:00:00.000Z', '2026-03-02T01:00:00.000Z')`,
  );
  insert.run('A', '网络', 'red', '劳动和社会保障');
  insert.run('B', '走访', null, null);
}

function setup(path?: string) {
  const db = path ? openDb(path) : openTestDb();
  insertPetitions(db);
  const log = createEventLog(db, createManualClock('2026-03-02T09:00:00+08:00'));
  log.append({ petitionId: 'A', type: 'registered', actor: 'reception', payload: registered('网络') });
  log.append({ petitionId: 'A', type: 'triaged', actor: 'system', payload: triaged });
  log.append({ petitionId: 'B', type: 'registered', actor: 'reception', payload: registered('走访') });
  return { db, log };
}

// These edit the database file behind the service (guards dropped, bytes damaged); other tests cover PostgreSQL.
const RAW_FILE = sqliteOnly('edits or damages the SQLite file behind the service');
const fileDb = () => join(mkdtempSync(join(tmpdir(), 'xf-audit-')), 'case.db');
const reopen = (path: string) => createEventLog(openDb(path), createManualClock('2026-03-03T00:00:00Z'));

describe('the case file event log', () => {
  it('links every event to the hash of the one before', () => {
    const { log } = setup();
    const a = log.forPetition('A');
    expect(a).toHaveLength(2);
    expect(a[1].prevHash).toBe(a[0].hash);
    expect(log.verify()).toMatchObject({ ok: true, events: 3, mode: 'full' });
  });

  it('refuses updates and deletes through SQL', () => {
    const { db } = setup();
    expect(() => db.prepare("UPDATE events SET actor = 'x' WHERE seq = 1").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM events WHERE seq = 1').run()).toThrow(/append-only/);
  });

  it.skipIf(RAW_FILE)('finds a row edited directly in the SQLite file and names it', () => {
    const path = fileDb();
    setup(path).db.close();
    // Someone with access to the file drops the guard and rewrites a triage result.
    const raw = new Database(path);
    raw.exec('DROP TRIGGER events_no_update');
    raw.prepare(`UPDATE events SET payload = '{"level":"green","signals":[]}' WHERE seq = 2`).run();
    raw.close();
    const result = reopen(path).verify();
    expect(result).toMatchObject({ ok: false, brokenAt: 2, petitionId: 'A' });
    expect(result.ok || result.problems.map((p) => p.reason).join('\n')).toMatch(/第 2 号事件被改动/);
    // The missing guard is reported too.
    expect(result.ok || result.problems.map((p) => p.reason).join('\n')).toMatch(/触发器 events_no_update 缺失/);
  });

  it.skipIf(RAW_FILE)('finds a deleted row', () => {
    const path = fileDb();
    setup(path).db.close();
    const raw = new Database(path);
    raw.exec('DROP TRIGGER events_no_delete');
    raw.prepare('DELETE FROM events WHERE seq = 2').run();
    raw.close();
    expect(reopen(path).verify()).toMatchObject({
      ok: false,
      brokenAt: 3,
      reason: expect.stringMatching(/第 2 号事件缺失/),
    });
  });

  it.skipIf(RAW_FILE).each([
    ['a payload that is not JSON', `UPDATE events SET payload = '{"level":' WHERE seq = 2`],
    ['a binary payload', "UPDATE events SET payload = X'00ff' WHERE seq = 2"],
    ['a malformed hash', "UPDATE events SET hash = 'zz' WHERE seq = 1"],
  ])('reports %s as ok:false, never a throw', (_name, sql) => {
    const path = fileDb();
    setup(path).db.close();
    const raw = new Database(path);
    raw.exec('DROP TRIGGER events_no_update');
    raw.prepare(sql).run();
    raw.close();
    const log = reopen(path);
    const full = log.verify();
    expect(full.ok).toBe(false);
    expect(full.ok || full.reason).toMatch(/[\u4e00-\u9fa5]/);
    expect(log.verifyIncremental('A').ok).toBe(false);
  });

  it.skipIf(RAW_FILE)('reports a damaged page of the events table as ok:false, never a throw', () => {
    const path = fileDb();
    const { db, log } = setup(path);
    for (let i = 0; i < 300; i++)
      log.append({
        petitionId: null,
        type: 'department_added',
        actor: 'admin',
        payload: { id: `D${i}`, name: '单位'.repeat(20) },
      });
    for (let i = 0; i < 0; i++)
      log.append({
        petitionId: `P${i}`,
        type: 'registered',
        actor: 'reception',
        payload: registered('网络'.repeat(20)),
      });
    db.pragma('wal_checkpoint(TRUNCATE)');
    const pages = db
      .prepare("SELECT pageno FROM dbstat WHERE name = 'events' AND pagetype = 'leaf' ORDER BY pageno")
      .pluck()
      .all() as number[];
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    db.close();
    // Scribble over a leaf page in the middle of the table, as a bad disk or a careless hand would.
    const fd = openSync(path, 'r+');
    const target = pages[Math.floor(pages.length / 2)];
    const junk = Buffer.alloc(pageSize, 0xa5);
    writeSync(fd, junk, 0, pageSize, (target - 1) * pageSize);
    readSync(fd, Buffer.alloc(1), 0, 1, 0);
    closeSync(fd);
    const result = reopen(path).verify();
    expect(result.ok).toBe(false);
    expect(result.ok || result.reason).toMatch(/损坏|改动|缺失|不符/);
  });

  describe('typed events (one schema per event type, checked on append)', () => {
    it.each([
      ['an unknown type', { type: 'note_added', payload: { text: 'x' } }, /type/],
      ['a missing field', { type: 'registered', payload: { channel: '网络' } }, /text_sha256/],
      [
        'a wrong field type',
        { type: 'triaged', payload: { ...triaged, risk: { level: 'purple', score: 1, signals: [] } } },
        /risk\.level/,
      ],
      ['an empty actor', { type: 'key_revoked', payload: { key_id: 'key_1' }, actor: ' ' }, /actor/],
    ])('refuses %s with a typed 422 error and writes nothing', (_name, bad, path) => {
      const { db, log } = setup();
      const before = db.prepare('SELECT COUNT(*) FROM events').pluck().get();
      let err: unknown;
      try {
        tx(db, () => {
          // A change the event belongs to: it must roll back with the refused event.
          log.append({
            petitionId: 'A',
            type: 'follow_up',
            actor: 'reception',
            payload: { satisfaction: '满意', comment: null },
          });
          log.append({ petitionId: 'C', actor: 'system', ...bad } as never);
        });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(CaseEventError);
      expect(err).toMatchObject({ status: 422, code: 'invalid_case_file_event' });
      expect((err as CaseEventError).issues.map((i) => i.path).join(' ')).toMatch(path);
      expect(db.prepare('SELECT COUNT(*) FROM events').pluck().get()).toBe(before);
      expect(log.verify().ok).toBe(true);
    });

    it('accepts a field a service adds beyond the schema when it is plain JSON', () => {
      const { log } = setup();
      const e = log.append({
        petitionId: 'A',
        type: 'alert_acked',
        actor: 'x',
        payload: {
          alert_id: 'AL1',
          note: null,
          response_ms: 5,
          escalation_level: 0,
          extra: '补充',
          missing: undefined,
        },
      });
      expect(e.payload).toEqual({ alert_id: 'AL1', note: null, response_ms: 5, escalation_level: 0, extra: '补充' });
      expect(log.verify().ok).toBe(true);
      const t = log.append({
        petitionId: 'B',
        type: 'transition',
        actor: 'x',
        payload: {
          from: 'registered',
          to: 'screened',
          step: '甄别',
          reason: '依程序',
          round: 0,
          note: '补充',
          decision: undefined,
        },
      });
      expect(t.payload).toEqual({
        from: 'registered',
        to: 'screened',
        step: '甄别',
        reason: '依程序',
        round: 0,
        note: '补充',
      });
      // The petition row did not follow the transition: the case file says so.
      expect(log.verify()).toMatchObject({
        ok: false,
        petitionId: 'B',
        reason: expect.stringMatching(/办理状态是“registered”，但案卷记录的是“screened”/),
      });
    });
  });
});
