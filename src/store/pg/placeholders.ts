/**
 * Rewrites the SQLite parameter syntax the store writes (`?` in order, `?NNN`, `@name`, `:name`, `$name`) into
 * PostgreSQL's `$1, $2, …`, so one SQL text serves both backends. Quoted text is left alone: '…' and E'…'
 * literals, "…" identifiers, -- and (nested) block comments, and $tag$…$tag$ bodies (PL/pgSQL in migrations).
 *
 * A negative LIMIT, which SQLite reads as none, becomes LIMIT ALL (a literal -1) or a CASE giving NULL (a parameter).
 * A subquery in FROM or JOIN without a name gets one (xinfang_sq1, …): PostgreSQL 15 requires it, SQLite not.
 * A camelCase name (the store's column aliases, `AS replyMs`) is quoted, with every mention of it: PostgreSQL
 * folds unquoted names to lower case, so the row would otherwise come back with `replyms`.
 *
 * Limits, by design: PostgreSQL's jsonb operators `?`, `?|`, `?&` cannot be written (use jsonb_exists()), and an
 * array slice `a[i:j]` with a name after the colon would read as a parameter; neither occurs in the store.
 */

/** Where the value of each `$n` comes from: a 0-based positional index or a name of the parameters object. */
export type ParamSource = { kind: 'position'; index: number } | { kind: 'name'; name: string };

export interface TranslatedSql {
  text: string;
  /** sources[n - 1] feeds `$n`. */
  sources: ParamSource[];
  /** How many positional values the statement takes (the highest `?`/`?NNN` index). */
  positional: number;
}

const IDENT_START = /[A-Za-z_\u0080-\uffff]/;
const IDENT_PART = /[A-Za-z0-9_$\u0080-\uffff]/;
const DIGIT = /[0-9]/;
const LIMIT_MINUS_ONE = /^LIMIT\s+-1(?![0-9])/i;
/** What may follow a FROM subquery's closing parenthesis when it has no alias (SQLite and PostgreSQL 16 allow it). */
const HAS_ALIAS =
  /^\s*(?!(WHERE|GROUP|ORDER|LIMIT|OFFSET|UNION|INTERSECT|EXCEPT|JOIN|INNER|LEFT|RIGHT|CROSS|FULL|NATURAL|ON|USING|WINDOW|HAVING|RETURNING)\b)(AS\b|[A-Za-z_"\u0080-\uffff])/i;
/** An alias such as `reply_ms AS replyMs`: lower-case first, an upper-case letter later (keywords are all caps). */
const CAMEL_CASE = /^[a-z][a-z0-9_]*[A-Z][A-Za-z0-9_]*$/;

/** Translates once per statement text; the result is cached by the caller with the prepared statement. */
export function translatePlaceholders(sql: string): TranslatedSql {
  const sources: ParamSource[] = [];
  const byName = new Map<string, number>();
  const byPosition = new Map<number, number>();
  let out = '';
  let positional = 0;
  // One entry per open parenthesis: whether it opens a subquery in FROM/JOIN, which PostgreSQL 15 wants named.
  const parens: boolean[] = [];
  let aliases = 0;
  let i = 0;

  // SQLite reads a negative LIMIT as no limit (read-model.ts passes -1); PostgreSQL refuses it, and takes NULL.
  const slotOrLimit = (source: ParamSource): string => {
    const n = slot(source);
    return /\bLIMIT\s*$/i.test(out) ? `(CASE WHEN ${n} < 0 THEN NULL ELSE ${n} END)` : n;
  };
  const slot = (source: ParamSource): string => {
    const map = source.kind === 'name' ? byName : byPosition;
    const key = source.kind === 'name' ? source.name : source.index;
    let n = (map as Map<typeof key, number>).get(key);
    if (n === undefined) {
      sources.push(source);
      n = sources.length;
      (map as Map<typeof key, number>).set(key, n);
    }
    return `$${n}`;
  };
  const identEnd = (from: number) => {
    let j = from;
    while (j < sql.length && IDENT_PART.test(sql[j]) && sql[j] !== '$') j++;
    return j;
  };

  while (i < sql.length) {
    const c = sql[i];
    const next = sql[i + 1];
    if (c === "'") {
      const backslashes = (sql[i - 1] === 'E' || sql[i - 1] === 'e') && !IDENT_PART.test(sql[i - 2] ?? ' ');
      const end = skipQuoted(sql, i, "'", backslashes);
      out += sql.slice(i, end);
      i = end;
    } else if (c === '"' || c === '`') {
      const end = skipQuoted(sql, i, c, false);
      out += sql.slice(i, end);
      i = end;
    } else if (c === '-' && next === '-') {
      const nl = sql.indexOf('\n', i);
      const end = nl < 0 ? sql.length : nl;
      out += sql.slice(i, end);
      i = end;
    } else if (c === '/' && next === '*') {
      const end = skipBlockComment(sql, i);
      out += sql.slice(i, end);
      i = end;
    } else if (c === '$' && (next === '$' || (IDENT_START.test(next ?? '') && sql[identEnd(i + 1)] === '$'))) {
      // A dollar-quoted body: $$…$$ or $tag$…$tag$.
      const tag = next === '$' ? '$$' : sql.slice(i, identEnd(i + 1) + 1);
      const close = sql.indexOf(tag, i + tag.length);
      const end = close < 0 ? sql.length : close + tag.length;
      out += sql.slice(i, end);
      i = end;
    } else if (c === '(') {
      parens.push(/\b(FROM|JOIN)\s*$/i.test(out) && /^\s*(SELECT|WITH|VALUES)\b/i.test(sql.slice(i + 1, i + 40)));
      out += c;
      i++;
    } else if (c === ')') {
      out += c;
      i++;
      if (parens.pop() && !HAS_ALIAS.test(sql.slice(i, i + 40))) out += ` AS xinfang_sq${++aliases}`;
    } else if (c === '?') {
      let j = i + 1;
      while (j < sql.length && DIGIT.test(sql[j])) j++;
      // SQLite: a bare ? takes one more than the largest index so far.
      const index = j > i + 1 ? Number(sql.slice(i + 1, j)) - 1 : positional;
      if (index < 0) throw new RangeError(`invalid parameter ${sql.slice(i, j)}`);
      positional = Math.max(positional, index + 1);
      out += slotOrLimit({ kind: 'position', index });
      i = j;
    } else if (c === ':' && next === ':') {
      out += '::'; // a cast, not a parameter
      i += 2;
    } else if (
      (c === '@' || c === ':' || c === '$') &&
      IDENT_START.test(next ?? '') &&
      !IDENT_PART.test(sql[i - 1] ?? ' ')
    ) {
      const end = identEnd(i + 1);
      out += slotOrLimit({ kind: 'name', name: sql.slice(i + 1, end) });
      i = end;
    } else if (
      (c === 'L' || c === 'l') &&
      !IDENT_PART.test(sql[i - 1] ?? ' ') &&
      LIMIT_MINUS_ONE.test(sql.slice(i, i + 16))
    ) {
      const m = LIMIT_MINUS_ONE.exec(sql.slice(i, i + 16))!;
      out += 'LIMIT ALL';
      i += m[0].length;
    } else if (c === '$' && DIGIT.test(next ?? '')) {
      throw new TypeError('write parameters as ? or @name: the adapter numbers them for PostgreSQL');
    } else if (IDENT_START.test(c) && !IDENT_PART.test(sql[i - 1] ?? ' ')) {
      const end = identEnd(i + 1);
      const word = sql.slice(i, end);
      out += CAMEL_CASE.test(word) ? `"${word}"` : word;
      i = end;
    } else {
      out += c;
      i++;
    }
  }
  return { text: out, sources, positional };
}

/** Index just past a quoted run starting at `from`; a doubled quote is an escaped one. */
function skipQuoted(sql: string, from: number, quote: string, backslashes: boolean): number {
  let i = from + 1;
  while (i < sql.length) {
    if (backslashes && sql[i] === '\\') i += 2;
    else if (sql[i] === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else i++;
  }
  return sql.length;
}

/** Index just past a block comment; PostgreSQL nests them. */
function skipBlockComment(sql: string, from: number): number {
  let depth = 0;
  let i = from;
  while (i < sql.length) {
    if (sql[i] === '/' && sql[i + 1] === '*') {
      depth++;
      i += 2;
    } else if (sql[i] === '*' && sql[i + 1] === '/') {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else i++;
  }
  return sql.length;
}
