import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createManualClock } from '../clock.ts';
import { openDb } from '../store/db.ts';
import { createEventLog } from './event-log.ts';

function setup(path = ':memory:') {
  const db = openDb(path);
  const log = createEventLog(db, createManualClock('2026-03-02T09:00:00+08:00'));
  log.append({ petitionId: 'A', type: 'registered', actor: 'reception', payload: { channel: '网络' } });
  log.append({ petitionId: 'A', type: 'triaged', actor: 'system', payload: { level: 'red', signals: [{ code: 'self_harm' }] } });
  log.append({ petitionId: 'B', type: 'registered', actor: 'reception', payload: { channel: '走访' } });
  return { db, log };
}

describe('the case file event log', () => {
  it('links every event to the hash of the one before', () => {
    const { log } = setup();
    const a = log.forPetition('A');
    expect(a).toHaveLength(2);
    expect(a[1].prevHash).toBe(a[0].hash);
    expect(log.verify()).toMatchObject({ ok: true, events: 3 });
  });

  it('refuses updates and deletes through SQL', () => {
    const { db } = setup();
    expect(() => db.prepare("UPDATE events SET actor = 'x' WHERE seq = 1").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM events WHERE seq = 1').run()).toThrow(/append-only/);
  });

  it('finds a row edited directly in the SQLite file and names it', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'xf-audit-')), 'case.db');
    setup(path).db.close();
    // Someone with access to the file drops the guard and rewrites a triage result.
    const raw = new Database(path);
    raw.exec('DROP TRIGGER events_no_update');
    raw.prepare(`UPDATE events SET payload = '{"level":"green","signals":[]}' WHERE seq = 2`).run();
    raw.close();
    const result = createEventLog(openDb(path), createManualClock('2026-03-03T00:00:00Z')).verify();
    expect(result).toMatchObject({ ok: false, brokenAt: 2, petitionId: 'A' });
    expect(result.ok || result.reason).toMatch(/altered/);
  });

  it('finds a deleted row', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'xf-audit-')), 'case.db');
    setup(path).db.close();
    const raw = new Database(path);
    raw.exec('DROP TRIGGER events_no_delete');
    raw.prepare('DELETE FROM events WHERE seq = 2').run();
    raw.close();
    expect(createEventLog(openDb(path), createManualClock('2026-03-03T00:00:00Z')).verify()).toMatchObject({ ok: false, brokenAt: 3 });
  });
});
