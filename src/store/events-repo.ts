import type { Db } from './db.ts';
import { dialectOf } from './dialect.ts';

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
 * Serialises appends to the one case-file chain across connections (issue 22, docs/design/postgres.md §4.1).
 *
 * SQLite has one writer at a time, so reading the head and inserting after it in one transaction cannot fork:
 * it runs `link` as before. On PostgreSQL, two instances' transactions can both read the same head; the seq
 * primary key then refuses the second insert, failing that whole registration (half the transactions in the
 * §4.1 measurement). So the appending transaction first takes a transaction-level advisory lock on a constant
 * key for this schema's chain; PostgreSQL releases it at commit or rollback, so the next appender waits until
 * this event is committed. Under READ COMMITTED (the adapter's plain BEGIN) the head is read by a statement
 * that starts after the lock is granted, so it sees the previous holder's committed event.
 *
 * Why one global serialised chain rather than one chain per petition: the verifier, the anchor file and the
 * witness all rely on one linear chain with one head; per-petition chains would change what an anchor means and
 * need a new verifier. The cost is one extra round trip per append (a second append in the same transaction
 * re-takes the lock it holds, which returns at once), and appending transactions across the cluster run their
 * remainder one at a time: the lock is held from the first append to the commit.
 */
function createChainSerialiser(db: Db): <T>(link: () => T) => T {
  if (dialectOf(db) !== 'postgres') return (link) => link();
  // The key includes the schema, as the migration lock's does, so schemas sharing a server do not contend.
  const lock = db.prepare("SELECT pg_advisory_xact_lock(hashtext('xinfang-assist:chain:' || current_schema()))");
  const locked = <T>(link: () => T): T => {
    lock.get();
    return link();
  };
  // An append outside any transaction gets one of its own: an advisory xact lock taken in autocommit would be
  // released before the head is read.
  return (link) => (db.inTransaction ? locked(link) : db.transaction(() => locked(link))());
}

/**
 * The events table as audit/event-log.ts writes and reads it; the chain rules (schema check, hashing, linking,
 * anchoring) stay in audit/. The full check reads through store/case-file-read.ts.
 */
export function createEventsRepo(db: Db) {
  const head = createEventsHead(db);
  const serialised = createChainSerialiser(db);
  const insert = db.prepare(
    `INSERT INTO events (seq, petition_id, type, actor, payload, created_at, prev_hash, hash)
     VALUES (@seq, @petitionId, @type, @actor, @payload, @createdAt, @prevHash, @hash)`,
  );
  const byPetition = db.prepare('SELECT * FROM events WHERE petition_id = ? ORDER BY seq');
  return {
    head,
    /** Runs `link` (read the head, insert after it) so that no other connection appends in between. */
    serialised,
    insert: (e: NewEventRow) => void insert.run(e),
    /** A petition's events in order. */
    ofPetition: (petitionId: string) => byPetition.all(petitionId) as EventRow[],
  };
}

export type EventsRepo = ReturnType<typeof createEventsRepo>;
