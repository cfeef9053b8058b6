import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../db.ts';
import type { Db } from '../db-types.ts';
import { migratePg } from './migrate-pg.ts';
import { openTestSchema, skipReason, type TestSchema } from './testing/pg-test-db.ts';

const skip = skipReason();

/** The SQLite functions of migrations-pg/000-compat.sql give what SQLite gives, for the same statement text. */
describe.skipIf(skip)('SQLite functions on PostgreSQL (000-compat.sql)', () => {
  let t: TestSchema;
  let lite: Db;
  beforeAll(() => {
    t = openTestSchema();
    migratePg(t.db);
    lite = openDb(':memory:');
  });
  afterAll(() => {
    lite.close();
    t.drop();
  });
  const both = (sql: string, ...params: unknown[]) => {
    expect(t.db.prepare(sql).all(...params), sql).toEqual(lite.prepare(sql).all(...params));
  };

  it.each(['[3, 17, 4]', '["工资", "a\\"b"]', '[{"term":"x","full":1}, 2.5, null]', '[]'])(
    'json_each(%s): key, value (as text on both), type, in order',
    (json) => {
      both('SELECT CAST(key AS TEXT) AS key, CAST(value AS TEXT) AS value, type FROM json_each(?)', json);
    },
  );

  it('json_each values compare with integers through CAST, and feed INSERT … SELECT', () => {
    both('SELECT CAST(value AS BIGINT) AS v FROM json_each(?) WHERE CAST(value AS BIGINT) IN (3, 4)', '[3, 17, 4]');
    both(
      "SELECT CAST(json_extract(value, '$.term') AS TEXT) AS term, CAST(json_extract(value, '$.full') AS BIGINT) AS f FROM json_each(?)",
      '[{"term":"甲","full":1},{"term":"乙","full":0}]',
    );
  });

  it('json_group_array builds the same array text, [] for no rows', () => {
    both('SELECT json_group_array(CAST(value AS BIGINT)) AS a FROM json_each(?)', '[5, 1, 9]');
    both('SELECT json_group_array(value) AS a FROM json_each(?)', '["x", "y"]');
    both('SELECT json_group_array(CAST(value AS BIGINT)) AS a FROM json_each(?)', '[]');
  });

  it.each([
    ['2026-03-01T16:00:00.000Z', '2026-02-27T08:30:00.000+08:00'],
    ['2026-12-31T15:59:59.999Z', '2026-01-01T00:00:00Z'],
  ])('julianday differences and json_valid/json_extract agree (%s, %s)', (a, b) => {
    both('SELECT julianday(?) - julianday(?) AS d', a, b);
    both(
      "SELECT CASE WHEN json_valid(?) THEN 1 ELSE 0 END AS ok, json_extract(?, '$.a.b') AS v",
      '{"a":{"b":"乙"}}',
      '{"a":{"b":"乙"}}',
    );
  });

  it('scalar min/max of two values, beside the aggregates', () => {
    both("SELECT min('b', 'a') AS lo, max('b', 'a') AS hi, min(CAST(? AS BIGINT), CAST(? AS BIGINT)) AS n", 3, 2);
  });
});
