import type { Clock } from '../clock.ts';
import type { Logger } from '../log.ts';
import type { Db } from '../store/db.ts';
import type { Anchor, AnchorFile, AnchorRead } from '../store/anchor-file.ts';
import { createEventsHead } from '../store/events-repo.ts';
import { GENESIS_HASH, type ChainHead } from './chain.ts';
import type { Witness } from './witness.ts';

export interface AnchoringOptions {
  db: Db;
  clock: Clock;
  log: Logger;
  file: AnchorFile | null;
  witness?: Witness | null;
  /** Backstop, fsync of the anchor file and witness retry period; heads are written at every commit regardless. */
  intervalMs?: number;
}

/**
 * Keeps the head of the case file outside the database: after every commit that appended events (scheduled as a
 * microtask by the event log, so it runs once the synchronous transaction has committed and before the HTTP
 * answer is written), the head goes to the append-only anchor file and, if configured, to the witness.
 */
export function createAnchoring(opts: AnchoringOptions) {
  const { db, file } = opts;
  const headOfDb = createEventsHead(db);
  const prior: AnchorRead = file ? file.read() : { anchors: [], problems: [] };
  /**
   * The highest head anchored before this start (from the file) and the last head this process wrote, both kept in
   * memory: the file may be edited later, and a head written at this start may already be a tampered one.
   */
  const priorHighest: Anchor | null = prior.anchors.reduce<Anchor | null>(
    (h, a) => (!h || a.seq >= h.seq ? a : h),
    null,
  );
  let last: Anchor | null = prior.anchors.at(-1) ?? null;
  let written: Anchor | null = null;
  let scheduled = false;
  let timer: NodeJS.Timeout | null = null;
  let lastError: string | null = null;

  const head = (): ChainHead => headOfDb() ?? { seq: 0, hash: GENESIS_HASH };

  function flush(): void {
    if (!db.open) return;
    // Still inside someone's transaction: anchoring now could record a head that is then rolled back.
    if (db.inTransaction) {
      setImmediate(flush);
      return;
    }
    try {
      const h = head();
      if (last && last.seq === h.seq && last.hash === h.hash) return;
      const a: Anchor = { ...h, at: opts.clock.now().toISOString() };
      file?.append(a);
      last = a;
      written = a;
      opts.witness?.offer(a);
      lastError = null;
    } catch (e) {
      lastError = (e as Error).message;
      opts.log.error('could not anchor the case-file head', { error: lastError });
    }
  }

  return {
    /** Anchors the head once the current synchronous work (and its transaction) has finished. */
    schedule(): void {
      if (scheduled) return;
      scheduled = true;
      queueMicrotask(() => {
        scheduled = false;
        flush();
      });
    },
    flush,
    /** Anchors the head now and keeps anchoring on an interval (heads written by other processes, witness retries). */
    start(): void {
      flush();
      if (timer || !opts.intervalMs) return;
      timer = setInterval(() => {
        flush();
        try {
          file?.sync();
        } catch (e) {
          opts.log.error('could not sync the anchor file', { error: (e as Error).message });
        }
        opts.witness?.tick();
      }, opts.intervalMs);
      timer.unref();
    },
    /** Every anchor in the file as it is now on disk, for a full verification. */
    read(): AnchorRead {
      return file ? file.read() : { anchors: [], problems: [] };
    },
    /** The heads the database must still hold: the highest found in the file at start-up, and the last written since. */
    checkpoints: (): Anchor[] => [priorHighest, written].filter((a): a is Anchor => a !== null),
    enabled: Boolean(file),
    path: file?.path ?? null,
    lastError: () => lastError,
    problemsAtStart: prior.problems,
    /** Writes the final head and closes the file (before the database closes). */
    close(): void {
      if (timer) clearInterval(timer);
      timer = null;
      flush();
      file?.close();
    },
    /** Resolves once the witness has no post in flight. */
    drain: async (): Promise<void> => opts.witness?.drain(),
  };
}

export type Anchoring = ReturnType<typeof createAnchoring>;
