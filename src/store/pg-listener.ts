import { createRequire } from 'node:module';
import { conninfo } from './pg/conninfo.ts';
import { endLibpqConnection } from './pg/libpq.ts';
import type { Db } from './db-types.ts';

/** The asynchronous part of pg-native's Client that LISTEN needs (its `connect`, `query`, 'notification'). */
interface AsyncPgClient {
  connect(conninfo: string, cb: (err?: Error) => void): void;
  query(sql: string, cb: (err: Error | null, rows?: Record<string, unknown>[]) => void): void;
  on(event: 'notification', fn: (n: { relname: string; extra: string; be_pid: number }) => void): void;
  on(event: 'error', fn: (err: Error) => void): void;
  removeAllListeners(): void;
  end(): void;
}

export interface PgListenerOptions {
  url: string;
  channel: string;
  /** Each payload sent on the channel while the connection listens. */
  onNotify(payload: string): void;
  /**
   * Called each time LISTEN is in place, with `first` false after a reconnect: notifications sent while the
   * connection was down are lost (NOTIFY is not stored), so the caller catches up from its own tables.
   */
  onListening(first: boolean): void;
  onError?(err: Error): void;
  /** Delay before the first reconnect attempt, doubled up to maxDelayMs; tests shorten them. */
  minDelayMs?: number;
  maxDelayMs?: number;
}

export interface PgListener {
  /** The listening connection's backend pid (undefined while disconnected): tests terminate it. */
  readonly backendPid: number | undefined;
  readonly listening: boolean;
  close(): void;
}

const IDENT = /^[a-z_][a-z0-9_]*$/;

/**
 * One asynchronous connection that only LISTENs (docs/design/postgres.md §2.6, §4.2). The query connection is
 * synchronous and never delivers notifications, so each instance keeps this second one; it reconnects on its
 * own with backoff and never blocks the event loop (pg-native's async connect and query, libpq's socket reader).
 */
export function createPgListener(opts: PgListenerOptions): PgListener {
  if (!IDENT.test(opts.channel)) throw new TypeError(`invalid channel name: ${opts.channel}`);
  const Client = createRequire(import.meta.url)('pg-native') as new () => AsyncPgClient;
  const minDelay = opts.minDelayMs ?? 250;
  const maxDelay = opts.maxDelayMs ?? 10_000;
  let client: AsyncPgClient | null = null;
  let pid: number | undefined;
  let listening = false;
  let closed = false;
  let connectedOnce = false;
  let delay = minDelay;
  let retry: NodeJS.Timeout | null = null;
  // Clients whose connect() is still running on libpq's thread: ending one then would free the connection under
  // that thread, so it is ended when its connect returns.
  const connecting = new Set<AsyncPgClient>();

  const fail = (c: AsyncPgClient, err: Error) => {
    if (c !== client) return; // a late error from a connection already given up
    opts.onError?.(err);
    drop();
    schedule();
  };

  function drop() {
    const c = client;
    client = null;
    pid = undefined;
    listening = false;
    if (!c) return;
    c.removeAllListeners();
    c.on('error', () => {}); // the socket may still report the failure once
    if (!connecting.has(c)) endLibpqConnection(c, () => c.end());
  }

  function schedule() {
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = null;
      connect();
    }, delay);
    retry.unref();
    delay = Math.min(delay * 2, maxDelay);
  }

  function connect() {
    if (closed) return;
    const c = new Client();
    client = c;
    c.on('error', (err) => fail(c, err));
    connecting.add(c);
    c.connect(conninfo(opts.url), (err) => {
      connecting.delete(c);
      if (c !== client) return endLibpqConnection(c, () => c.end()); // dropped while connecting
      if (err) return fail(c, err);
      c.query(`LISTEN ${opts.channel}; SELECT pg_backend_pid() AS pid`, (qerr, rows) => {
        if (qerr) return fail(c, qerr);
        if (c !== client || closed) return;
        // The second statement's rows come last: pg-native returns one array per statement.
        const last = (Array.isArray(rows?.[0]) ? (rows as unknown as Record<string, unknown>[][]).at(-1) : rows) ?? [];
        pid = Number(last[0]?.pid);
        listening = true;
        delay = minDelay;
        c.on('notification', (n) => {
          if (n.relname === opts.channel) opts.onNotify(n.extra);
        });
        const first = !connectedOnce;
        connectedOnce = true;
        opts.onListening(first);
      });
    });
  }

  connect();
  return {
    get backendPid() {
      return pid;
    },
    get listening() {
      return listening;
    },
    close() {
      closed = true;
      if (retry) clearTimeout(retry);
      retry = null;
      drop();
    },
  };
}

/**
 * Sends `payload` on `channel` through the query connection. Inside a transaction PostgreSQL holds it until
 * COMMIT and drops it on ROLLBACK, so a listener never hears of a write that did not happen.
 */
export function createPgNotifier(db: Db, channel: string): (payload: string) => void {
  if (!IDENT.test(channel)) throw new TypeError(`invalid channel name: ${channel}`);
  const stmt = db.prepare('SELECT pg_notify(?, ?)');
  return (payload) => {
    stmt.get(channel, payload);
  };
}
