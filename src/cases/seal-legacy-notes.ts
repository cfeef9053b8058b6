import type { Db } from '../store/db.ts';
import { rewriteFreeText } from '../store/legacy-rewrites.ts';
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
  return rewriteFreeText(
    db,
    COLUMNS,
    (petitionId, value) => notes.seal(petitionId, value),
    (petitionId, json) => {
      const list = JSON.parse(json) as { name: string }[];
      return JSON.stringify(list.map((a) => ({ ...a, name: notes.seal(petitionId, a.name) })));
    },
  );
}
