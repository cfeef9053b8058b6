import type { Db, Statement } from '../db.ts';

/** What a connection executed since the last reset. */
export interface StatementCounts {
  /** Executions of prepared statements (run, get, all, iterate), plus `exec` and `pragma` calls. */
  statements: number;
  /** Outermost `transaction` calls (each is a BEGIN and a COMMIT or ROLLBACK the driver issues itself). */
  transactions: number;
  /** Executions per SQL text, to see where the count comes from when a bound is exceeded. */
  bySql: Map<string, number>;
}

const EXECUTE = new Set(['run', 'get', 'all', 'iterate']);
const CHAINED = new Set(['pluck', 'raw']);

/**
 * Wraps a connection so that every statement it executes is counted. Repos prepare their statements when they
 * are created, so the wrapper must be handed to createDeps (overrides.db) rather than put around it afterwards.
 * better-sqlite3 methods check their receiver, hence every call is forwarded to the real object.
 */
export function countingDb(db: Db): { db: Db; counts: StatementCounts; reset(): void } {
  const counts: StatementCounts = { statements: 0, transactions: 0, bySql: new Map() };
  const hit = (sql: string) => {
    counts.statements++;
    counts.bySql.set(sql, (counts.bySql.get(sql) ?? 0) + 1);
  };

  const wrapStatement = (st: Statement, sql: string): Statement => {
    const proxy: Statement = new Proxy(st, {
      get(target, prop) {
        const value = Reflect.get(target, prop, target);
        if (typeof value !== 'function') return value;
        if (EXECUTE.has(prop as string))
          return (...args: unknown[]) => {
            hit(sql);
            return value.apply(target, args);
          };
        // pluck() and raw() return the statement itself: hand back the wrapper so later calls are still counted.
        if (CHAINED.has(prop as string))
          return (...args: unknown[]) => {
            value.apply(target, args);
            return proxy;
          };
        return value.bind(target);
      },
    });
    return proxy;
  };

  const proxy = new Proxy(db, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      switch (prop) {
        case 'prepare':
          return (sql: string) => wrapStatement(target.prepare(sql), sql);
        case 'exec':
        case 'pragma':
          return (sql: string, ...rest: unknown[]) => {
            hit(`${prop} ${sql}`);
            return value.call(target, sql, ...rest);
          };
        case 'transaction':
          return (fn: (...a: unknown[]) => unknown) => {
            const run = target.transaction(fn);
            return (...args: unknown[]) => {
              if (!target.inTransaction) counts.transactions++;
              return run(...args);
            };
          };
        default:
          return value.bind(target);
      }
    },
  });

  return {
    db: proxy,
    counts,
    reset() {
      counts.statements = 0;
      counts.transactions = 0;
      counts.bySql.clear();
    },
  };
}
