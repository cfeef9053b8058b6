import { tx, type Db } from '../store/db.ts';
import type { PiiCipher } from '../store/pii-cipher.ts';
import { createNoteSealer } from './sealed-notes.ts';

/** Free-text columns written before issue 17 sealed them: table, its row key, the column, its petition. */
const COLUMNS = [
  { table: 'drafts', key: 'id', column: 'reply', petition: 'petition_id' },
  { table: 'follow_ups', key: 'id', column: 'comment', petition: 'petition_id' },
  { table: 'alerts', key: 'id', column: 'ack_note', petition: 'petition_id' },
  { table: 'assignments', key: 'id', column: 'instructions', petition: 'petition_id' },
  { table: 'assignments', key: 'id', column: 'findings', petition: 'petition_id' },
  { table: 'assignments', key: 'id', column: 'extension_reason', petition: 'petition_id' },
  { table: 'petitions', key: 'id', column: 'location', petition: 'id' },
] as const;

/**
 * Seals the free text an earlier version stored in clear (scripts/ops/seal-legacy-notes.ts), in one transaction.
 * Sealing twice changes nothing: placeholders are not personal data. The case file's own events are left as they
 * were written: rewriting them would break the hash chain that makes them evidence.
 */
export function sealLegacyNotes(db: Db, cipher: PiiCipher): Record<string, number> {
  const notes = createNoteSealer(db, cipher);
  const changed: Record<string, number> = {};
  tx(db, () => {
    for (const c of COLUMNS) {
      const rows = db
        .prepare(
          `SELECT ${c.key} AS k, ${c.petition} AS p, ${c.column} AS v FROM ${c.table} WHERE ${c.column} IS NOT NULL AND ${c.petition} IS NOT NULL`,
        )
        .all() as { k: string | number; p: string; v: string }[];
      const update = db.prepare(`UPDATE ${c.table} SET ${c.column} = ? WHERE ${c.key} = ?`);
      let n = 0;
      for (const r of rows) {
        const sealed = notes.seal(r.p, r.v);
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
      const list = JSON.parse(r.attachments) as { name: string }[];
      const sealed = list.map((a) => ({ ...a, name: notes.seal(r.id, a.name) }));
      if (JSON.stringify(sealed) !== r.attachments) {
        db.prepare('UPDATE petitions SET attachments = ? WHERE id = ?').run(JSON.stringify(sealed), r.id);
        files++;
      }
    }
    changed['petitions.attachments'] = files;
  });
  return changed;
}
