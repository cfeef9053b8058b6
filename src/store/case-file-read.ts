import type { Db } from './db.ts';
import type { ChainHead, EventRow } from './events-repo.ts';

/** The columns of a stored petition that the case file vouches for. */
export interface StoredPetition {
  id: string;
  title: string | null;
  text: string;
  sealed: string | null;
  channel: string;
  received_at: string;
  status: string;
  risk_level: string | null;
  category: string | null;
  outcome: string | null;
  extended: number;
}

const PETITION_COLUMNS =
  'id, title, text, sealed, channel, received_at, status, risk_level, category, outcome, extended';

/**
 * What audit/verify.ts reads to check the case file: the events (whole, after a point, of one petition) and the
 * petitions they vouch for. Read-only; the checks stay in audit/. The scans iterate, so a large file is not
 * held in memory.
 */
export function createCaseFileRead(db: Db) {
  const q = {
    head: db.prepare('SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1'),
    at: db.prepare('SELECT * FROM events WHERE seq = ?'),
    all: db.prepare('SELECT * FROM events ORDER BY seq'),
    after: db.prepare('SELECT * FROM events WHERE seq > ? ORDER BY seq'),
    ofPetition: db.prepare('SELECT * FROM events WHERE petition_id = ? ORDER BY seq'),
    petition: db.prepare(`SELECT ${PETITION_COLUMNS} FROM petitions WHERE id = ?`),
    petitions: db.prepare(`SELECT ${PETITION_COLUMNS} FROM petitions`),
  };
  return {
    /** The newest event's seq and hash, undefined for an empty case file. */
    head: () => q.head.get() as ChainHead | undefined,
    at: (seq: number) => q.at.get(seq) as EventRow | undefined,
    /** Every event in order. */
    each: () => q.all.iterate() as Iterable<EventRow>,
    /** The events after `seq`, in order. */
    eachAfter: (seq: number) => q.after.iterate(seq) as Iterable<EventRow>,
    eachOfPetition: (petitionId: string) => q.ofPetition.iterate(petitionId) as Iterable<EventRow>,
    petition: (id: string) => q.petition.get(id) as StoredPetition | undefined,
    eachPetition: () => q.petitions.iterate() as Iterable<StoredPetition>,
  };
}

export type CaseFileRead = ReturnType<typeof createCaseFileRead>;
