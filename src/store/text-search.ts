/**
 * The register's text search (migration 018): which petitions hold a query in their stored title or text, as an
 * SQL condition on `p` (a petitions row) for the list and search queries. Every length is answered by the
 * trigram index `petitions_text`, so no query reads every petition.
 */
export interface TextCondition {
  sql: string;
  params: Record<string, string>;
}

/** The condition matching petitions whose stored title or text contains `q` (case-insensitive, like the trigram index). */
export function textCondition(q: string): TextCondition {
  const chars = [...q.toLowerCase()];
  if (chars.length >= 3)
    return {
      sql: 'p.rowid IN (SELECT rowid FROM petitions_text WHERE petitions_text MATCH @text_phrase)',
      params: { text_phrase: `"${q.replaceAll('"', '""')}"` },
    };
  // No trigram to look up: every occurrence of one or two characters begins an indexed trigram (the end marks
  // pad each column), so the petitions are those of the terms in [q, q with its last character + 1).
  const last = chars.pop()!;
  const after = String.fromCodePoint(last.codePointAt(0)! + 1);
  return {
    sql: 'p.rowid IN (SELECT doc FROM petitions_text_terms WHERE term >= @text_from AND term < @text_to)',
    params: { text_from: chars.join('') + last, text_to: chars.join('') + after },
  };
}
