import type { Clock } from '../clock.ts';
import type { Logger } from '../log.ts';
import { anchorFilePath, defaultAnchorDir, openAnchorFile } from '../store/anchor-file.ts';
import { tx, type Db } from '../store/db.ts';
import { restoreEventGuards } from '../store/event-guards.ts';
import { recordAnchorFile } from '../store/anchor-registry.ts';
import { createAnchoring, type Anchoring } from './anchors.ts';
import type { PlaintextOf } from './content-check.ts';
import { createEventLog, type EventLog } from './event-log.ts';
import { createWitness } from './witness.ts';

export interface CaseFileOptions {
  db: Db;
  clock: Clock;
  log: Logger;
  dbPath: string;
  /** Folder of the anchor file; default `anchors/` beside the database file; 'off' (or an in-memory database) for none. */
  anchorDir?: string;
  witnessUrl?: string;
  witnessSecret?: string;
  intervalMs?: number;
  plaintextOf?: PlaintextOf;
  fetch?: typeof fetch;
}

export interface CaseFile {
  events: EventLog;
  anchoring: Anchoring;
  /** Guard triggers found missing (or altered) at start-up and re-created. */
  restoredGuards: string[];
}

/**
 * Opens the case file at start-up: re-creates the append-only guards if someone removed them (and records that in
 * the case file itself), opens the anchor file and the witness, and anchors the current head.
 */
export function openCaseFile(o: CaseFileOptions): CaseFile {
  const { db, log } = o;
  const restoredGuards = restoreEventGuards(db);
  const dir =
    o.anchorDir === 'off' ? null : (o.anchorDir ?? (o.dbPath === ':memory:' ? null : defaultAnchorDir(o.dbPath)));
  const file = dir ? openAnchorFile(anchorFilePath(dir, o.dbPath === ':memory:' ? 'memory.db' : o.dbPath)) : null;
  const witness = o.witnessUrl
    ? createWitness({ url: o.witnessUrl, secret: o.witnessSecret, log, fetch: o.fetch })
    : null;
  const anchoring = createAnchoring({ db, clock: o.clock, log, file, witness, intervalMs: o.intervalMs ?? 1_000 });
  const events = createEventLog(db, o.clock, { anchoring, plaintextOf: o.plaintextOf });
  if (file) recordAnchorFile(db, file.path, file.created, o.clock.now().toISOString(), log);
  for (const p of anchoring.problemsAtStart) log.error('anchor file', { problem: p });
  if (restoredGuards.length) {
    log.error('the case file guard triggers were missing or altered and have been re-created: run /v1/audit/verify', {
      triggers: restoredGuards,
    });
    tx(db, () =>
      events.append({
        petitionId: null,
        type: 'guard_restored',
        actor: 'system',
        payload: { triggers: restoredGuards },
      }),
    );
  }
  anchoring.start();
  return { events, anchoring, restoredGuards };
}
