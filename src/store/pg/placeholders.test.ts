import { describe, expect, it } from 'vitest';
import { translatePlaceholders } from './placeholders.ts';

describe('translatePlaceholders', () => {
  it.each([
    ['SELECT * FROM t WHERE a = ? AND b = ?', 'SELECT * FROM t WHERE a = $1 AND b = $2'],
    ['SELECT \'?\', "a?b", ? -- is it ?\n', 'SELECT \'?\', "a?b", $1 -- is it ?\n'],
    ["SELECT 'it''s ?' || ?", "SELECT 'it''s ?' || $1"],
    ["SELECT E'\\' ?' , ?", "SELECT E'\\' ?' , $1"],
    ['SELECT /* ? /* nested ? */ ? */ ?', 'SELECT /* ? /* nested ? */ ? */ $1'],
    ['SELECT x::text, @a, :b, $c, @a', 'SELECT x::text, $1, $2, $3, $1'],
    [
      'CREATE FUNCTION f() RETURNS int AS $$ SELECT 1 WHERE :x = ? $$ LANGUAGE sql',
      'CREATE FUNCTION f() RETURNS int AS $$ SELECT 1 WHERE :x = ? $$ LANGUAGE sql',
    ],
    ['DO $body$ BEGIN PERFORM ?; END $body$', 'DO $body$ BEGIN PERFORM ?; END $body$'],
    ['SELECT ?2, ?1, ?', 'SELECT $1, $2, $3'],
    ['SELECT a @> b, c <@ d, e@f', 'SELECT a @> b, c <@ d, e@f'],
  ])('%s', (sql, text) => {
    expect(translatePlaceholders(sql).text).toBe(text);
  });

  it('numbers a repeated name once and records where each value comes from', () => {
    const t = translatePlaceholders('UPDATE t SET a = @a, b = ? WHERE a <> @a AND c = ?');
    expect(t.text).toBe('UPDATE t SET a = $1, b = $2 WHERE a <> $1 AND c = $3');
    expect(t.sources).toEqual([
      { kind: 'name', name: 'a' },
      { kind: 'position', index: 0 },
      { kind: 'position', index: 1 },
    ]);
    expect(t.positional).toBe(2);
  });

  it('counts ?NNN like SQLite: the highest index, each index once', () => {
    const t = translatePlaceholders('SELECT ?2, ?2, ?1');
    expect(t.text).toBe('SELECT $1, $1, $2');
    expect(t.positional).toBe(2);
  });

  it("keeps SQLite's meaning of a negative LIMIT (no limit), literal or bound", () => {
    expect(translatePlaceholders('SELECT x FROM t LIMIT -1').text).toBe('SELECT x FROM t LIMIT ALL');
    expect(translatePlaceholders('SELECT x FROM t ORDER BY x LIMIT ?').text).toBe(
      'SELECT x FROM t ORDER BY x LIMIT (CASE WHEN $1 < 0 THEN NULL ELSE $1 END)',
    );
    expect(translatePlaceholders("SELECT 'LIMIT -1', ? LIMIT 10").text).toBe("SELECT 'LIMIT -1', $1 LIMIT 10");
    expect(translatePlaceholders('SELECT x FROM t LIMIT -10').text).toBe('SELECT x FROM t LIMIT -10');
  });

  it('quotes camelCase aliases and their mentions, and leaves keywords, columns and parameters alone', () => {
    expect(
      translatePlaceholders('SELECT reply_ms AS replyMs, id FROM t WHERE a = @petitionId ORDER BY replyMs').text,
    ).toBe('SELECT reply_ms AS "replyMs", id FROM t WHERE a = $1 ORDER BY "replyMs"');
    expect(translatePlaceholders('SELECT json_extract(x, \'$.camelCase\') AS v, "keepMe" FROM t').text).toBe(
      'SELECT json_extract(x, \'$.camelCase\') AS v, "keepMe" FROM t',
    );
  });

  it('names a subquery in FROM or JOIN that has no alias, and only those', () => {
    expect(translatePlaceholders('SELECT n FROM (SELECT 1 AS n) WHERE n > 0').text).toBe(
      'SELECT n FROM (SELECT 1 AS n) AS xinfang_sq1 WHERE n > 0',
    );
    expect(translatePlaceholders('SELECT * FROM (SELECT 1) JOIN (VALUES (2)) ON true').text).toBe(
      'SELECT * FROM (SELECT 1) AS xinfang_sq1 JOIN (VALUES (2)) AS xinfang_sq2 ON true',
    );
    for (const sql of [
      'SELECT n FROM (SELECT 1 AS n) AS s',
      'SELECT n FROM (SELECT 1 AS n) s WHERE true',
      'SELECT x FROM t WHERE x IN (SELECT 1)',
      'SELECT count(*) FROM json_each(?) k',
      "SELECT '(SELECT 1)' FROM t",
    ])
      expect(translatePlaceholders(sql).text).not.toContain('xinfang_sq');
  });

  it('refuses PostgreSQL-numbered parameters, which would collide with the adapter numbering', () => {
    expect(() => translatePlaceholders('SELECT $1')).toThrow(/\? or @name/);
  });
});
