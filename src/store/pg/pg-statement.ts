import type { RunResult, Statement } from '../db-types.ts';
import { readRows, type Libpq, type RowMode } from './libpq.ts';
import { translatePlaceholders, type TranslatedSql } from './placeholders.ts';
import { encodeParam } from './pg-values.ts';

/** A statement prepared on the connection (once per SQL text per connection). */
export interface Prepared {
  name: string;
  /** False for a command without result columns: get/all/iterate refuse it before running, like better-sqlite3. */
  reader: boolean;
  /** True when the adapter added `RETURNING <identity column>` to an INSERT for lastInsertRowid. */
  returnsId: boolean;
}

/** What a statement needs from its connection. */
export interface StatementHost {
  readonly pq: Libpq;
  ensurePrepared(t: TranslatedSql): Prepared;
  /** Runs the statement under a cursor and yields its rows in batches (pg-sync-db.ts). */
  iterateRows(text: string, values: (string | null)[], mode: RowMode): IterableIterator<unknown>;
  checkResult(): void;
  lastInsertRowid: number;
}

const NO_DATA = 'This statement does not return data. Use run() instead';

/** One better-sqlite3-shaped statement on the PostgreSQL connection. */
export class PgStatement implements Statement<unknown[], unknown> {
  private readonly t: TranslatedSql;
  private mode: RowMode = 'object';

  constructor(
    private readonly host: StatementHost,
    readonly source: string,
  ) {
    this.t = translatePlaceholders(source);
  }

  run(...params: unknown[]): RunResult {
    const p = this.execute(params);
    const pq = this.host.pq;
    if (p.returnsId && pq.ntuples() > 0) this.host.lastInsertRowid = Number(pq.getvalue(pq.ntuples() - 1, 0));
    return { changes: Number(pq.cmdTuples()) || 0, lastInsertRowid: this.host.lastInsertRowid };
  }

  get(...params: unknown[]): unknown {
    // PostgreSQL sends every row; SQLite stops at the first. The callers' get() queries are keyed or LIMITed.
    return this.rows(params)[0];
  }

  all(...params: unknown[]): unknown[] {
    return this.rows(params);
  }

  iterate(...params: unknown[]): IterableIterator<unknown> {
    const values = this.bind(params);
    if (!this.host.ensurePrepared(this.t).reader) throw new TypeError(NO_DATA);
    return this.host.iterateRows(this.t.text, values, this.mode);
  }

  pluck(toggle = true): this {
    this.mode = toggle ? 'pluck' : this.mode === 'pluck' ? 'object' : this.mode;
    return this;
  }

  raw(toggle = true): this {
    this.mode = toggle ? 'raw' : this.mode === 'raw' ? 'object' : this.mode;
    return this;
  }

  private rows(params: unknown[]): unknown[] {
    const values = this.bind(params);
    const p = this.host.ensurePrepared(this.t);
    if (!p.reader) throw new TypeError(NO_DATA);
    this.exec(p, values);
    return readRows(this.host.pq, this.mode);
  }

  private execute(params: unknown[]): Prepared {
    const values = this.bind(params);
    const p = this.host.ensurePrepared(this.t);
    this.exec(p, values);
    return p;
  }

  private exec(p: Prepared, values: (string | null)[]) {
    this.host.pq.execPrepared(p.name, values);
    this.host.checkResult();
  }

  /** Values for $1…$n from positional arguments and one object of named ones, checked as better-sqlite3 does. */
  private bind(params: unknown[]): (string | null)[] {
    // As in better-sqlite3, a plain object is the bag of named values, whether or not the statement uses any.
    const all = params.flatMap((p) => (Array.isArray(p) ? p : [p]));
    const bags = all.filter(isPlainObject);
    if (bags.length > 1) throw new TypeError('You cannot specify named parameters in two different objects');
    const named = bags[0];
    const flat = bags.length ? all.filter((p) => !isPlainObject(p)) : all;
    if (flat.length < this.t.positional) throw new RangeError('Too few parameter values were provided');
    if (flat.length > this.t.positional) throw new RangeError('Too many parameter values were provided');
    return this.t.sources.map((s) => {
      if (s.kind === 'position') return encodeParam(flat[s.index]);
      if (!named || !(s.name in named)) throw new RangeError(`Missing named parameter "${s.name}"`);
      return encodeParam(named[s.name]);
    });
  }
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Buffer.isBuffer(v) && !Array.isArray(v);
