import type { Db } from './db.ts';

/** The head of the chain: the newest event's sequence number and hash (seq 0 = empty case file). */
export interface ChainHead {
  seq: number;
  hash: string;
}

/** A case-file event as stored in the events table (migration 001; append-only by trigger). */
export interface EventRow {
  seq: number;
  petition_id: string | null;
  type: string;
  actor: string;
  payload: string;
  created_at: string;
  prev_hash: string;
  hash: string;
}

/** An event as appended: audit/chain.ts's CaseEvent with its payload already canonical JSON. */
export interface NewEventRow {
  seq: number;
  petitionId: string | null;
  type: string;
  actor: string;
  payload: string;
  createdAt: string;
  prevHash: string;
  hash: string;
}

/** The newest event's seq and hash, undefined for an empty case file: what the anchors write outside the database. */
export function createEventsHead(db: Db): () => ChainHead | undefined {
  const head = db.prepare('SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1');
  return () => head.get() as ChainHead | undefined;
}

/**
 * The events table as audit/event-log.ts writes and reads it; the chain rules (schema check, hashing, linking,
 * anchoring) stay in audit/. The full check reads through store/case-file-read.ts.
 */
export function createEventsRepo(db: Db) {
  const head = createEventsHead(db);
  const insert = db.prepare(
    `INSERT INTO events (seq, petition_id, type, actor, payload, created_at, prev_hash, hash)
     VALUES (@seq, @petitionId, @type, @actor, @payload, @createdAt, @prevHash, @hash)`,
  );
  const byPetition = db.prepare('SELECT * FROM events WHERE petition_id = ? ORDER BY seq');
  return {
    head,
    insert: (e: NewEventRow) => void insert.run(e),
    /** A petition's events in order. */
    ofPetition: (petitionId: string) => byPetition.all(petitionId) as EventRow[],
  };
}

export type EventsRepo = ReturnType<typeof createEventsRepo>;
