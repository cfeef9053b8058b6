import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Db } from './db-types.ts';

/** SQLite's default: the serving connection copies the WAL into the database file after a commit past 1,000 pages. */
export const INLINE_CHECKPOINT_PAGES = 1000;
/**
 * With a background checkpointer the serving connection checkpoints only past this many WAL pages (40 MB): a
 * backstop for when the thread falls behind or cannot finish (a reader holding an old snapshot). SQLite resets
 * the WAL only after a checkpoint that copied everything, which a copy running beside a busy writer rarely does.
 */
export const BACKSTOP_CHECKPOINT_PAGES = 10_000;
/** How often the background thread copies the WAL into the database file. */
export const CHECKPOINT_EVERY_MS = 250;

// Run by the worker as CommonJS (eval: true): a file of its own would have to be found both from src/ under tsx
// and from the bundled dist/ build. It only opens the file and checkpoints; it never writes a row.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.lib);
let db;
try {
  db = new Database(workerData.path, { fileMustExist: true });
  db.pragma('synchronous = FULL');
} catch (e) {
  parentPort.postMessage({ error: String(e) });
  process.exit(1); // ends this thread only
}
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (e) {
    parentPort.postMessage({ error: String(e) });
  }
}, workerData.everyMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export interface Checkpointer {
  /** Ends the thread (its connection closed) and gives checkpoints back to the serving connection. */
  stop(): Promise<void>;
}

/**
 * Copies the WAL into the database file on a thread of its own (issue 24), so that registrations do not wait
 * while their connection writes a thousand scattered pages and fsyncs the file: in a register of a million
 * petitions most pages a commit touches lie far apart, and SQLite runs that copy inside the commit that crossed
 * the threshold. Commits still fsync the WAL (synchronous = FULL), so a 201 survives power loss as before.
 * `onError`: a failed checkpoint (the backstop keeps the WAL bounded meanwhile).
 */
export function startCheckpointer(
  db: Db,
  path: string,
  opts: { everyMs?: number; onError?: (message: string) => void } = {},
): Checkpointer {
  db.pragma(`wal_autocheckpoint = ${BACKSTOP_CHECKPOINT_PAGES}`);
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: {
      lib: createRequire(import.meta.url).resolve('better-sqlite3'),
      path,
      everyMs: opts.everyMs ?? CHECKPOINT_EVERY_MS,
    },
  });
  worker.unref();
  const inline = () => {
    if (db.open) db.pragma(`wal_autocheckpoint = ${INLINE_CHECKPOINT_PAGES}`);
  };
  worker.on('message', (m: { error?: string }) => m.error && opts.onError?.(m.error));
  worker.on('error', (e: unknown) => opts.onError?.((e as { message?: string }).message ?? String(e)));
  // A thread that could not start, or died, leaves the checkpoints to the serving connection, as without it.
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', () => {
      inline();
      resolve();
    }),
  );
  return {
    async stop() {
      worker.postMessage('stop');
      await exited;
    },
  };
}
