import { tx, type Db } from './db.ts';

/** A petition's text as an earlier version stored it (before sealing existed). */
export interface PetitionTextRow {
  id: string;
  text: string;
  title: string | null;
}

/**
 * Rewrites, in one transaction, every petition stored before sealing existed (sealed IS NULL) with what `seal`
 * returns for it. The full-text index follows through its update trigger. The sealing rules are the caller's
 * (cases/sealed-text.ts).
 */
export function rewriteUnsealedPetitions(
  db: Db,
  seal: (row: PetitionTextRow) => { text: string; title: string | null; sealed: string },
): void {
  const rows = db.prepare('SELECT id, text, title FROM petitions WHERE sealed IS NULL').all() as PetitionTextRow[];
  if (!rows.length) return;
  const update = db.prepare('UPDATE petitions SET text = ?, title = ?, sealed = ? WHERE id = ?');
  tx(db, () => {
    for (const r of rows) {
      const s = seal(r);
      update.run(s.text, s.title, s.sealed, r.id);
    }
  });
}

/** A free-text column: its table, the row key, the column, and the column naming the row's petition. */
export interface FreeTextColumn {
  table: string;
  key: string;
  column: string;
  petition: string;
}

/**
 * Rewrites, in one transaction, each non-empty value of the given columns (and each petition's attachments list,
 * as JSON) to what `seal` / `sealAttachments` return, writing only the values that change. Returns the number
 * changed per `table.column` and under 'petitions.attachments'. The sealing rules are the caller's
 * (cases/seal-legacy-notes.ts); table and column names come from the caller's constant list, never from input.
 */
export function rewriteFreeText(
  db: Db,
  columns: readonly FreeTextColumn[],
  seal: (petitionId: string, value: string) => string,
  sealAttachments: (petitionId: string, attachmentsJson: string) => string,
): Record<string, number> {
  const changed: Record<string, number> = {};
  tx(db, () => {
    for (const c of columns) {
      const rows = db
        .prepare(
          `SELECT ${c.key} AS k, ${c.petition} AS p, ${c.column} AS v FROM ${c.table} WHERE ${c.column} IS NOT NULL AND ${c.petition} IS NOT NULL`,
        )
        .all() as { k: string | number; p: string; v: string }[];
      const update = db.prepare(`UPDATE ${c.table} SET ${c.column} = ? WHERE ${c.key} = ?`);
      let n = 0;
      for (const r of rows) {
        const sealed = seal(r.p, r.v);
        if (sealed !== r.v) {
          update.run(sealed, r.k);
          n++;
        }
      }
      changed[`${c.table}.${c.column}`] = n;
    }
    const withFiles = db.prepare("SELECT id, attachments FROM petitions WHERE attachments != '[]'").all() as {
      id: string;
      attachments: string;
    }[];
    let files = 0;
    for (const r of withFiles) {
      const sealed = sealAttachments(r.id, r.attachments);
      if (sealed !== r.attachments) {
        db.prepare('UPDATE petitions SET attachments = ? WHERE id = ?').run(sealed, r.id);
        files++;
      }
    }
    changed['petitions.attachments'] = files;
  });
  return changed;
}
