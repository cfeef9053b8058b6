import type { Db } from './db.ts';

/**
 * Petition texts and titles by id, for alerts/repeats.ts to compare wordings and alerts/match-index.ts to index a
 * petition's named matters; which petitions are repeats or cluster members stays in alerts/.
 * Stored texts never change, so a caller may keep what it read.
 */
export function createPetitionTextsRead(db: Db) {
  const textOf = db.prepare('SELECT text FROM petitions WHERE id = ?').pluck();
  const titleOf = db.prepare('SELECT title FROM petitions WHERE id = ?');
  const sealedOf = db.prepare('SELECT text, title, sealed FROM petitions WHERE id = ?');
  return {
    /** The petition's (sealed) text, undefined for an unknown id. */
    textOf: (id: string) => textOf.get(id) as string | undefined,
    /** The petition's title (null when it has none), undefined for an unknown id (not registered yet). */
    titleOf: (id: string) => (titleOf.get(id) as { title: string | null } | undefined)?.title,
    /** The stored text and title with their sealed values (cases/sealed-text.ts unseals them), undefined for an unknown id. */
    sealedOf: (id: string) =>
      sealedOf.get(id) as { text: string; title: string | null; sealed: string | null } | undefined,
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
