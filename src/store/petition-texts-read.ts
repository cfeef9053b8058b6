import type { Db } from './db.ts';

/**
 * Petition texts by id, for alerts/repeats.ts to compare wordings; which petitions are repeats stays there.
 * Stored texts never change, so a caller may keep what it read.
 */
export function createPetitionTextsRead(db: Db) {
  const textOf = db.prepare('SELECT text FROM petitions WHERE id = ?').pluck();
  return {
    /** The petition's (sealed) text, undefined for an unknown id. */
    textOf: (id: string) => textOf.get(id) as string | undefined,
  };
}

/** Every petition received in [from, to] except one, newest first: the exact scan the match index replaces. */
export function petitionTextsInWindow(db: Db, from: string, to: string, exceptId: string) {
  return db
    .prepare(
      'SELECT id, text FROM petitions WHERE received_at >= ? AND received_at <= ? AND id != ? ORDER BY received_at DESC, id',
    )
    .all(from, to, exceptId) as { id: string; text: string }[];
}
