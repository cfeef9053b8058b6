import { createRequire } from 'node:module';
import { parserFor } from './pg-values.ts';
import { PgDbError, pgError, type PgErrorFields } from './pg-errors.ts';

/** The synchronous part of node-libpq's PQ object (pg-native's `client.pq`) that the adapter calls. */
export interface Libpq {
  exec(sql: string): void;
  execParams(sql: string, params: (string | null)[]): void;
  prepare(name: string, sql: string, nParams: number): void;
  describePrepared(name: string): void;
  execPrepared(name: string, params: (string | null)[]): void;
  resultErrorMessage(): string;
  resultErrorFields(): PgErrorFields | null;
  errorMessage(): string;
  ntuples(): number;
  nfields(): number;
  fname(col: number): string;
  ftype(col: number): number;
  getvalue(row: number, col: number): string;
  getisnull(row: number, col: number): boolean;
  cmdTuples(): string;
  /** 0 idle, 1 active, 2 in a transaction, 3 in a failed transaction, 4 unknown (connection bad). */
  transactionStatus(): number;
  escapeIdentifier(name: string): string;
  /** Reads what the server sent without blocking; false when the connection has ended. */
  consumeInput(): boolean;
  finish(): void;
}

interface PgNativeClient {
  pq: Libpq;
  connectSync(conninfo: string): void;
}

/**
 * Opens one synchronous connection through pg-native. Loaded on demand, so the SQLite deployment never loads
 * the libpq addon; createRequire keeps the bundler from pulling a native module into dist/src/index.js.
 */
export function connectLibpq(conninfo: string): Libpq {
  const Client = createRequire(import.meta.url)('pg-native') as new () => PgNativeClient;
  const client = new Client();
  try {
    client.connectSync(conninfo);
  } catch (e) {
    throw new PgDbError((e instanceof Error ? e.message : String(e)).trim(), 'SQLITE_CANTOPEN', '');
  }
  return client.pq;
}

const closing = new Set<object>();

/**
 * Ends a libpq connection with `end` (PQ's finish(), or pg-native's Client end()) and keeps `holder`, the object
 * that holds the connection, reachable for two timer turns. node-libpq's finish() hands its socket watcher to uv_close,
 * which completes in the close phase of this turn, or of the next one when finish() itself runs in a close
 * callback; the watcher lives inside the JS object, and collected before then libuv aborts the process
 * (`uv__finish_close` assertion, seen in the suite on Node 20). A later turn's timers run only after that close
 * phase has passed, and one timer turn alone is not enough: the next turn's timers come before its close phase.
 */
export function endLibpqConnection(holder: object, end: () => void): void {
  try {
    end();
  } catch {
    // already finished
  }
  closing.add(holder);
  setTimeout(() => setTimeout(() => closing.delete(holder), 0).unref(), 0).unref();
}

/** Throws the mapped error if the last command failed (a result error, or the connection's own). */
export function throwIfFailed(pq: Libpq): void {
  const message = pq.resultErrorMessage() || pq.errorMessage();
  if (message) throw pgError(message, pq.resultErrorFields() ?? undefined);
}

/** How each row of the current result is shaped: an object (default), its first value, or an array. */
export type RowMode = 'object' | 'pluck' | 'raw';

/** The rows of the current result, parsed as SQLite would return them (pg-values.ts). */
export function readRows(pq: Libpq, mode: RowMode): unknown[] {
  const nrows = pq.ntuples();
  const ncols = pq.nfields();
  const names: string[] = [];
  const parsers: (((text: string) => unknown) | undefined)[] = [];
  for (let c = 0; c < ncols; c++) {
    names.push(pq.fname(c));
    parsers.push(parserFor(pq.ftype(c)));
  }
  const value = (r: number, c: number) => {
    if (pq.getisnull(r, c)) return null;
    const text = pq.getvalue(r, c);
    const parse = parsers[c];
    return parse ? parse(text) : text;
  };
  const rows: unknown[] = new Array(nrows);
  for (let r = 0; r < nrows; r++) {
    if (mode === 'pluck') rows[r] = value(r, 0);
    else if (mode === 'raw') rows[r] = names.map((_, c) => value(r, c));
    else {
      const row: Record<string, unknown> = {};
      for (let c = 0; c < ncols; c++) row[names[c]] = value(r, c);
      rows[r] = row;
    }
  }
  return rows;
}
