import type { Db } from './db.ts';
import { dialectOf, type Dialect } from './dialect.ts';

/**
 * The register's text search (migration 018): which petitions hold a query in their stored title or text, as an
 * SQL condition on `p` (a petitions row) for the list and search queries. Every length is answered by the
 * trigram index `petitions_text`, so no query reads every petition.
 */
export interface TextCondition {
  sql: string;
  params: Record<string, string>;
  /** How many petitions match, from the index alone (it holds exactly the stored petitions). */
  countSql: string;
}

/** The condition matching petitions whose stored title or text contains `q` (case-insensitive, like the trigram index). */
export function textCondition(q: string, dialect: Dialect = 'sqlite'): TextCondition {
  if (dialect === 'postgres') return pgTextCondition(q);
  const chars = [...q.toLowerCase()];
  if (chars.length >= 3)
    return {
      sql: 'p.rowid IN (SELECT rowid FROM petitions_text WHERE petitions_text MATCH @text_phrase)',
      params: { text_phrase: `"${q.replaceAll('"', '""')}"` },
      countSql: 'SELECT count(*) FROM petitions_text WHERE petitions_text MATCH @text_phrase',
    };
  // No trigram to look up: every occurrence of one or two characters begins an indexed trigram (the end marks
  // pad each column), so the petitions are those of the terms in [q, q with its last character + 1).
  const last = chars.pop()!;
  const after = String.fromCodePoint(last.codePointAt(0)! + 1);
  const terms = 'FROM petitions_text_terms WHERE term >= @text_from AND term < @text_to';
  return {
    sql: `p.rowid IN (SELECT doc ${terms})`,
    params: { text_from: chars.join('') + last, text_to: chars.join('') + after },
    countSql: `SELECT count(DISTINCT doc) ${terms}`,
  };
}

/**
 * PostgreSQL: ILIKE on title and text, answered by the pg_trgm GIN indexes of migrations-pg/019 for three
 * characters or more. One or two characters have no trigram to look up and read every petition (the short-gram
 * index of docs/design/postgres.md §4.6 is still to come); the result is the same as on SQLite.
 */
function pgTextCondition(q: string): TextCondition {
  const cond = '(p.title ILIKE @text_like OR p.text ILIKE @text_like)';
  return {
    sql: cond,
    params: { text_like: `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` },
    countSql: `SELECT count(*) FROM petitions p WHERE ${cond}`,
  };
}

/** How many petitions hold the text, without reading a petition row. */
export function countText(db: Db, c: TextCondition): number {
  return db.prepare(c.countSql).pluck().get(c.params) as number;
}

/**
 * Whether a page of matches in order of receipt is cheaper read by walking the receipt index until the page is
 * full (about `rows` × register / matches entries, each a lookup in the match set) than by reading and sorting
 * every match (a row read each, about a hundred index steps). A common word ("工资" in one petition of twelve)
 * then costs a few hundred steps at any register size, a rare one its few matches.
 */
export function walkReceiptIndex(db: Db, matches: number, rows: number): boolean {
  const register =
    (db.prepare("SELECT n FROM stat_counts WHERE dim = 'total' AND key = ''").pluck().get() as number) ?? 0;
  return matches > 0 && (rows * register) / matches < matches * 100;
}

/** The FROM clause that walks the receipt index (migration 007's petitions_received_id) for `walkReceiptIndex`. */
export const BY_RECEIPT = 'petitions p INDEXED BY petitions_received_id';

/** BY_RECEIPT on SQLite; PostgreSQL has no index hint and chooses the receipt index from ORDER BY and LIMIT. */
export const byReceiptFrom = (db: Db) => (dialectOf(db) === 'postgres' ? 'petitions p' : BY_RECEIPT);
