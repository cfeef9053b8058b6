import { createHash } from 'node:crypto';
import type { Clock } from '../clock.ts';
import { AppError } from '../errors.ts';
import type { Db } from '../store/db.ts';
import { createIdempotencyKeysRepo } from '../store/idempotency-keys-repo.ts';
import type { Precomputed } from '../triage/triage.ts';
import type { CaseService } from './case-service.ts';
import type { PetitionView } from './case-view.ts';
import type { PetitionInput } from './petition-schema.ts';

/**
 * How long a registration's Idempotency-Key is remembered. A client retries a lost answer within seconds or
 * minutes; a day also covers a reception desk that re-sends its queue the next morning (Stripe keeps keys 24 h).
 */
export const IDEMPOTENCY_TTL_HOURS = 24;
/** The expired keys are deleted after every this many keyed registrations of an instance. */
const PURGE_EVERY = 100;
/** What a registration answers; a replay answers it again. */
const REGISTERED = 201;

/** A keyed registration: the key as the client sent it, in the space of the credential that sent it. */
export interface KeyedRequest {
  /** The calling key's id (a session counts as the key it was opened with): one client's keys never meet another's. */
  scope: string;
  key: string;
}

export interface Registration {
  view: PetitionView;
  /** The first answer's status, repeated by a replay: 201 (registration is the table's only writer). */
  status: typeof REGISTERED;
  /** True when the petition was registered by an earlier request with the same key and body. */
  replayed: boolean;
}

/** JSON with every object's keys sorted: two bodies that differ only in key order or spacing are one request. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The request's fingerprint: SHA-256 of the validated body in canonical form (defaults filled in, so leaving out
 * a field and sending its default are the same request). Unkeyed like the registered event's text_sha256: it
 * covers the whole petition text, which no one can guess.
 */
export const fingerprintOf = (input: PetitionInput) => createHash('sha256').update(canonicalJson(input)).digest('hex');

/** Thrown inside the registration transaction when another request holds the key: rolls the registration back. */
class KeyTaken extends Error {
  override name = 'KeyTaken';
}

/**
 * Registration with an optional Idempotency-Key (issue 22): a repeat of a registered request returns its petition
 * instead of registering a second one. The key is claimed in the registration's own transaction, so it is on
 * record exactly when the petition is; the claim's primary key decides a race between two instances.
 */
export function createRegistrationKeys(deps: { db: Db; clock: Clock; cases: Pick<CaseService, 'register' | 'view'> }) {
  const repo = createIdempotencyKeysRepo(deps.db);
  const oldestLive = () => new Date(deps.clock.now().getTime() - IDEMPOTENCY_TTL_HOURS * 3_600_000).toISOString();
  let keyed = 0;

  /** The earlier registration under this key: its petition when the body is the same, 422 when it is not. */
  function earlier(once: KeyedRequest, fingerprint: string): Registration | undefined {
    const row = repo.find(once.scope, once.key, oldestLive());
    if (!row) return undefined;
    if (row.fingerprint !== fingerprint) {
      throw new AppError(
        422,
        'idempotency_key_reused',
        `幂等键（Idempotency-Key）已用于内容不同的另一次登记（信访件 ${row.petition_id}）：同一幂等键只能用于原样重发同一请求，登记新的信访事项请换一个幂等键`,
      );
    }
    return { view: deps.cases.view(row.petition_id), status: REGISTERED, replayed: true };
  }

  return {
    /**
     * Registers the petition, or returns the one an earlier request with the same key registered. `prepare` runs
     * the async part of triage; a replay skips it.
     */
    async register(
      input: PetitionInput,
      actor: string,
      once: KeyedRequest | undefined,
      prepare: () => Promise<Precomputed | undefined>,
    ): Promise<Registration> {
      if (!once)
        return { view: deps.cases.register(input, actor, await prepare()), status: REGISTERED, replayed: false };
      const fingerprint = fingerprintOf(input);
      const before = earlier(once, fingerprint);
      if (before) return before;
      const pre = await prepare();
      const claim = (id: string) => {
        const row = { scope: once.scope, idempotency_key: once.key, fingerprint, petition_id: id };
        const at = deps.clock.now().toISOString();
        if (!repo.claim({ ...row, status: REGISTERED, created_at: at }, oldestLive())) throw new KeyTaken();
      };
      try {
        const view = deps.cases.register(input, actor, pre, claim);
        if (++keyed % PURGE_EVERY === 0) repo.purge(oldestLive());
        return { view, status: REGISTERED, replayed: false };
      } catch (e) {
        if (!(e instanceof KeyTaken)) throw e;
        // Another request with this key committed while this one ran triage (here, or on another instance, whose
        // transaction the claim waited for): this request is a repeat of it.
        const winner = earlier(once, fingerprint);
        if (winner) return winner;
        // Claims wait for each other, so only a winner that expired in between gets here: the client retries.
        throw new AppError(
          409,
          'idempotency_key_in_flight',
          '使用同一幂等键（Idempotency-Key）的登记正在处理，请稍后用同一幂等键重试',
        );
      }
    },
  };
}

export type RegistrationKeys = ReturnType<typeof createRegistrationKeys>;
