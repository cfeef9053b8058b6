import type { Db } from './db-types.ts';

/**
 * Group commit for the embedded SQLite file (issue 24): the transactions (`tx`) of the requests served while the
 * event loop is busy share one COMMIT, so one fsync of the WAL and one write of each page they share (the tails
 * of the register, the case file, the counters, the search index's new segment) stand for several registrations.
 * Each request's work runs in a savepoint of the batch: one that fails is rolled back alone. Nothing is answered
 * before its batch has committed (the HTTP layer awaits `settled`), so a 201 still means on disk.
 * Reads on the connection meanwhile see the batch's rows; a failed COMMIT fails every request of the batch.
 */
export interface GroupCommit {
  /** Opens a batch if none is open (BEGIN IMMEDIATE) and schedules its COMMIT; `tx` calls it first. */
  join(): void;
  /** The first batch that may hold what a request writes from now on: pass it to `settled` once the request is done. */
  mark(): number;
  /**
   * Resolves once every batch from `since` on has committed (at once when none is open); rejects when one of them
   * failed. A request that awaited something between its writes may span batches: all of them must have held.
   */
  settled(since: number): Promise<void>;
  /** Commits an open batch now (shutdown). */
  flush(): void;
  /** Keeps a batch open while `busy()` holds (requests waiting for their turn), up to maxWaitMs and maxBatch. */
  holdWhile(busy: () => boolean): void;
  /** Batches committed and transactions they held, since start. */
  readonly stats: { batches: number; joined: number };
}

const groups = new WeakMap<Db, GroupCommit>();

/** The group commit of this connection, if it has one. */
export const groupCommitOf = (db: Db) => groups.get(db);

export function enableGroupCommit(db: Db, opts: { maxWaitMs?: number; maxBatch?: number } = {}): GroupCommit {
  const maxWaitMs = opts.maxWaitMs ?? 50;
  const maxBatch = opts.maxBatch ?? 32;
  let open = false;
  let openedAt = 0;
  let joined = 0;
  let batch = 0; // the number of the open batch, or of the last one
  const failures = new Map<number, unknown>(); // batches whose COMMIT failed (rare: a full or failing disk)
  let waiters: (() => void)[] = [];
  let busy = () => false;
  const stats = { batches: 0, joined: 0 };

  function commit() {
    if (!open) return;
    const mine = waiters;
    waiters = [];
    open = false;
    stats.batches++;
    stats.joined += joined;
    joined = 0;
    try {
      db.exec('COMMIT');
    } catch (e) {
      // SQLite may leave the transaction open after a failed COMMIT (a full disk): end it, nothing half-written.
      if (db.inTransaction) db.exec('ROLLBACK');
      failures.set(batch, e);
      if (failures.size > 100) failures.delete(failures.keys().next().value!);
    }
    for (const w of mine) w();
  }

  function failureSince(since: number): unknown {
    for (const [n, e] of failures) if (n >= since) return e;
    return undefined;
  }

  function due() {
    if (!open) return;
    if (busy() && joined < maxBatch && performance.now() - openedAt < maxWaitMs) setImmediate(due);
    else commit();
  }

  const group: GroupCommit = {
    join() {
      if (open) {
        joined++;
        return;
      }
      // Someone else's transaction (a caller holding one open): theirs decides, as without group commit.
      if (db.inTransaction) return;
      db.exec('BEGIN IMMEDIATE');
      batch++;
      open = true;
      openedAt = performance.now();
      joined = 1;
      setImmediate(due);
    },
    mark: () => (open ? batch : batch + 1),
    async settled(since) {
      if (open && batch >= since) await new Promise<void>((resolve) => waiters.push(resolve));
      const failure = failureSince(since);
      if (failure !== undefined) throw failure;
    },
    flush: commit,
    holdWhile(fn) {
      busy = fn;
    },
    stats,
  };
  groups.set(db, group);
  return group;
}
