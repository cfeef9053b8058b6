import type { Clock } from '../clock.ts';
import { AppError } from '../errors.ts';
import type { Db } from '../store/db.ts';
import { createEventsRepo } from '../store/events-repo.ts';
import type { Anchoring } from './anchors.ts';
import { canonicalJson } from './canonical-json.ts';
import { GENESIS_HASH, fromRowLenient, hashOf, type CaseEvent, type NewEvent } from './chain.ts';
import type { PlaintextOf } from './content-check.ts';
import { CaseEventInputSchema } from './event-schema.ts';
import { createVerifier, type VerifyResult } from './verify.ts';

export { GENESIS_HASH, type CaseEvent, type NewEvent, type VerifyResult };

export interface EventLogOptions {
  /** Where the head is anchored outside the database (audit/anchors.ts); without it only the chain is checked. */
  anchoring?: Anchoring | null;
  /** The petition's original text and title from its stored row, whose hash the registered event holds. */
  plaintextOf?: PlaintextOf;
}

/** An event that does not fit its type's schema: refused before anything is written (the transaction rolls back). */
export class CaseEventError extends AppError {
  constructor(type: string, issues: { path: string; message: string }[]) {
    super(422, 'invalid_case_file_event', `案卷记录“${type}”的内容不符合其格式，本次操作未写入`, issues);
  }
}

/** The payload exactly as it will be stored and hashed: undefined fields dropped, keys sorted. */
const normalised = (payload: Record<string, unknown>) => JSON.parse(canonicalJson(payload)) as Record<string, unknown>;

/** The append-only, hash-chained case file (一事一档、一步一印、永久留痕). */
export function createEventLog(db: Db, clock: Clock, opts: EventLogOptions = {}) {
  const repo = createEventsRepo(db);
  const verifier = createVerifier({ db, anchoring: opts.anchoring, plaintextOf: opts.plaintextOf });

  return {
    /**
     * Appends one event after checking it against its type's schema (audit/event-schema.ts). Call inside the
     * request's transaction so the event and the change land together; a refused event throws CaseEventError.
     */
    append(e: NewEvent): CaseEvent {
      const payload = normalised(e.payload);
      const checked = CaseEventInputSchema.safeParse({
        type: e.type,
        petitionId: e.petitionId,
        actor: e.actor,
        payload,
      });
      if (!checked.success) {
        throw new CaseEventError(
          e.type,
          checked.error.issues.map((i) => ({ path: i.path.join('.') || 'type', message: i.message })),
        );
      }
      // Reading the head and inserting after it must not interleave with another writer's append: SQLite's single
      // writer ensures it, on PostgreSQL the repo takes the chain lock first (store/events-repo.ts).
      const event = repo.serialised((): CaseEvent => {
        const tail = repo.head();
        const draft = {
          ...e,
          payload,
          seq: (tail?.seq ?? 0) + 1,
          createdAt: clock.now().toISOString(),
          prevHash: tail?.hash ?? GENESIS_HASH,
        };
        const linked: CaseEvent = { ...draft, hash: hashOf(draft) };
        repo.insert({ ...linked, payload: canonicalJson(linked.payload) });
        return linked;
      });
      // After the surrounding transaction commits, the new head goes outside the database.
      opts.anchoring?.schedule();
      return event;
    },

    /** A petition's events in order; a corrupt row reads with an empty payload rather than failing the page. */
    forPetition(petitionId: string): CaseEvent[] {
      return repo.ofPetition(petitionId).map(fromRowLenient);
    },

    /**
     * The full check (`/v1/audit/verify`): the whole chain recomputed, every anchor compared, every petition's
     * text hash and event-driven fields checked. `expect`: a head held elsewhere (e.g. by the witness).
     */
    verify: (o: { expect?: { seq: number; hash: string } } = {}): VerifyResult => verifier.full(o),

    /** The page-view check: incremental from the last anchor or checkpoint, plus the one petition in full. */
    verifyIncremental: (petitionId?: string): VerifyResult => verifier.incremental(petitionId),
  };
}

export type EventLog = ReturnType<typeof createEventLog>;
