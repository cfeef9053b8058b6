import { createHash, createHmac } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { simpleTriage } from '../../alerts/testing/simple-triage.ts';
import { createCaseService } from '../../cases/case-service.ts';
import { unsealPetitionText } from '../../cases/sealed-text.ts';
import { createManualClock } from '../../clock.ts';
import { createLogger } from '../../log.ts';
import { openDb } from '../../store/db.ts';
import { createPiiCipher } from '../../store/pii-cipher.ts';
import { openCaseFile, type CaseFileOptions } from '../case-file.ts';
import { hashOf, type EventRow } from '../chain.ts';

const KEY = 'cd'.repeat(32);

/**
 * The case file on a real SQLite file as the service wires it (guards, anchor file, witness, content check), with
 * the case service registering petitions through it. `logs` collects what the service would log.
 */
export function openCaseFileKit(
  dir: string,
  opts: Partial<Pick<CaseFileOptions, 'anchorDir' | 'witnessUrl' | 'witnessSecret'>> = {},
) {
  const dbPath = join(dir, 'case.db');
  const db = openDb(dbPath);
  const clock = createManualClock('2026-03-02T09:00:00+08:00');
  const cipher = createPiiCipher({ current: KEY });
  const logs: string[] = [];
  const log = createLogger('warn', (l) => logs.push(l));
  const file = openCaseFile({
    db,
    clock,
    log,
    dbPath,
    ...opts,
    intervalMs: 0,
    plaintextOf: (row) => unsealPetitionText(cipher, row.id, row),
  });
  const identityKey = (v: string) => createHmac('sha256', KEY).update(v).digest('hex');
  const cases = createCaseService({
    db,
    clock,
    events: file.events,
    identityKey,
    cipher,
    triage: (text) => simpleTriage(text),
  });
  const register = (text: string) =>
    cases.register(
      { text, channel: '网络', attachments: [], petitioner: { name: '张三', phone: '13800138000' } },
      '窗口 张 [reception key_0001]',
    );
  return {
    dbPath,
    db,
    clock,
    logs,
    cases,
    register,
    ...file,
    /** Lets the microtask that anchors the last commit run. */
    settle: () => new Promise<void>((r) => setImmediate(r)),
    close() {
      file.anchoring.close();
      db.close();
    },
  };
}

/** Opens the file behind the service's back, as someone with the database file would (no guards, no anchors). */
export function rawOpen(dbPath: string) {
  return new Database(dbPath);
}

/**
 * Rewrites event `seq` with `edit` and re-hashes it and every later event so the chain is consistent again: the
 * strongest edit someone with the file can make. Drops the update guard first.
 */
export function rewriteAndRehash(dbPath: string, seq: number, edit: (payload: Record<string, unknown>) => void) {
  const raw = rawOpen(dbPath);
  raw.exec('DROP TRIGGER IF EXISTS events_no_update');
  const rows = raw.prepare('SELECT * FROM events WHERE seq >= ? ORDER BY seq').all(seq) as EventRow[];
  const update = raw.prepare('UPDATE events SET payload = ?, prev_hash = ?, hash = ? WHERE seq = ?');
  let prev =
    (raw.prepare('SELECT hash FROM events WHERE seq = ?').get(seq - 1) as { hash: string } | undefined)?.hash ??
    '0'.repeat(64);
  raw.transaction(() => {
    for (const r of rows) {
      const payload = JSON.parse(r.payload) as Record<string, unknown>;
      if (r.seq === seq) edit(payload);
      const e = {
        seq: r.seq,
        petitionId: r.petition_id,
        type: r.type,
        actor: r.actor,
        payload,
        createdAt: r.created_at,
        prevHash: prev,
      };
      const hash = hashOf(e);
      update.run(JSON.stringify(payload), prev, hash, r.seq);
      prev = hash;
    }
  })();
  raw.close();
}

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
