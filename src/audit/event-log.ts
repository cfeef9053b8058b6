import { createHash } from 'node:crypto';
import type { Clock } from '../clock.ts';
import type { Db } from '../store/db.ts';
import { canonicalJson } from './canonical-json.ts';

/** The hash that the first event links to. */
export const GENESIS_HASH = '0'.repeat(64);

export interface NewEvent {
  petitionId: string | null;
  type: string;
  actor: string;
  payload: Record<string, unknown>;
}

export interface CaseEvent extends NewEvent {
  seq: number;
  createdAt: string;
  prevHash: string;
  hash: string;
}

interface EventRow {
  seq: number;
  petition_id: string | null;
  type: string;
  actor: string;
  payload: string;
  created_at: string;
  prev_hash: string;
  hash: string;
}

/** The hash covers every field but itself, so no column can change unseen. */
function hashOf(e: Omit<CaseEvent, 'hash'>): string {
  const body = canonicalJson({
    seq: e.seq,
    petitionId: e.petitionId,
    type: e.type,
    actor: e.actor,
    payload: e.payload,
    createdAt: e.createdAt,
    prevHash: e.prevHash,
  });
  return createHash('sha256').update(body).digest('hex');
}

const fromRow = (r: EventRow): CaseEvent => ({
  seq: r.seq,
  petitionId: r.petition_id,
  type: r.type,
  actor: r.actor,
  payload: JSON.parse(r.payload),
  createdAt: r.created_at,
  prevHash: r.prev_hash,
  hash: r.hash,
});

/** The append-only, hash-chained case file (一事一档、一步一印、永久留痕). */
export function createEventLog(db: Db, clock: Clock) {
  const last = db.prepare('SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1');
  const insert = db.prepare(
    `INSERT INTO events (seq, petition_id, type, actor, payload, created_at, prev_hash, hash)
     VALUES (@seq, @petitionId, @type, @actor, @payload, @createdAt, @prevHash, @hash)`,
  );
  const byPetition = db.prepare('SELECT * FROM events WHERE petition_id = ? ORDER BY seq');

  return {
    /** Appends one event. Call inside the request's transaction so the event and the change land together. */
    append(e: NewEvent): CaseEvent {
      // SQLite serialises writers, so reading the tail and inserting in one transaction cannot fork the chain.
      const tail = last.get() as { seq: number; hash: string } | undefined;
      const draft = {
        ...e,
        seq: (tail?.seq ?? 0) + 1,
        createdAt: clock.now().toISOString(),
        prevHash: tail?.hash ?? GENESIS_HASH,
      };
      const event: CaseEvent = { ...draft, hash: hashOf(draft) };
      insert.run({ ...event, payload: canonicalJson(event.payload) });
      return event;
    },

    forPetition(petitionId: string): CaseEvent[] {
      return (byPetition.all(petitionId) as EventRow[]).map(fromRow);
    },

    /** Recomputes the whole chain and names the first broken link, if any. */
    verify(): VerifyResult {
      let prev = GENESIS_HASH;
      let expectedSeq = 1;
      let count = 0;
      for (const row of db.prepare('SELECT * FROM events ORDER BY seq').iterate() as Iterable<EventRow>) {
        count++;
        const e = fromRow(row);
        const problem =
          e.seq !== expectedSeq
            ? `event ${expectedSeq} is missing (next is ${e.seq})`
            : e.prevHash !== prev
              ? `event ${e.seq} does not link to the hash of event ${e.seq - 1}`
              : hashOf(e) !== e.hash
                ? `event ${e.seq} was altered: its content no longer matches its hash`
                : null;
        if (problem) return { ok: false, events: count, brokenAt: e.seq, petitionId: e.petitionId, reason: problem };
        prev = e.hash;
        expectedSeq++;
      }
      return { ok: true, events: count, head: prev };
    },
  };
}

export type EventLog = ReturnType<typeof createEventLog>;

export type VerifyResult =
  | { ok: true; events: number; head: string }
  | { ok: false; events: number; brokenAt: number; petitionId: string | null; reason: string };
