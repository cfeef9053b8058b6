import type { Db } from './db.ts';

/** A draft version as stored (migration 003); `kind` and `provider` are drafting/'s DRAFT_KINDS and DRAFT_PROVIDERS. */
export interface DraftRow {
  id: string;
  petition_id: string;
  version: number;
  kind: string;
  reply: string;
  citations_json: string;
  provider: string;
  created_by: string;
  created_at: string;
  approved_by: string | null;
  approved_at: string | null;
}

/**
 * The drafts table; the rules (validation, numbering, one approved version per handling round, the transactions)
 * stay in drafting/draft-store.ts.
 */
export function createDraftsRepo(db: Db) {
  const s = {
    petitionExists: db.prepare('SELECT 1 FROM petitions WHERE id = ?').pluck(),
    maxVersion: db.prepare('SELECT COALESCE(MAX(version), 0) FROM drafts WHERE petition_id = ?').pluck(),
    insert:
      db.prepare(`INSERT INTO drafts (id, petition_id, version, kind, reply, citations_json, provider, created_by, created_at)
    VALUES (@id, @petition_id, @version, @kind, @reply, @citations_json, @provider, @created_by, @created_at)`),
    all: db.prepare('SELECT * FROM drafts WHERE petition_id = ? ORDER BY version'),
    one: db.prepare('SELECT * FROM drafts WHERE petition_id = ? AND version = ?'),
    latest: db.prepare('SELECT * FROM drafts WHERE petition_id = ? ORDER BY version DESC LIMIT 1'),
    // The current handling round's approved version (migration 009): 二次督办, 复查 and 复核 each open a new round.
    approved: db.prepare(
      'SELECT * FROM drafts WHERE petition_id = ? AND approved_at IS NOT NULL AND round = (SELECT round FROM petitions WHERE id = drafts.petition_id)',
    ),
    earlierRound: db
      .prepare(
        'SELECT round < (SELECT round FROM petitions WHERE id = drafts.petition_id) FROM drafts WHERE petition_id = ? AND version = ?',
      )
      .pluck(),
    setApproved: db.prepare('UPDATE drafts SET approved_by = ?, approved_at = ? WHERE petition_id = ? AND version = ?'),
  };
  return {
    petitionExists: (petitionId: string) => Boolean(s.petitionExists.get(petitionId)),
    /** The highest version of a petition's drafts, 0 when it has none. */
    maxVersion: (petitionId: string) => s.maxVersion.get(petitionId) as number,
    insert: (row: Omit<DraftRow, 'approved_by' | 'approved_at'>) => void s.insert.run(row),
    list: (petitionId: string) => s.all.all(petitionId) as DraftRow[],
    get: (petitionId: string, version: number) => s.one.get(petitionId, version) as DraftRow | undefined,
    latest: (petitionId: string) => s.latest.get(petitionId) as DraftRow | undefined,
    /** The version approved in the petition's current handling round, if any. */
    approved: (petitionId: string) => s.approved.get(petitionId) as DraftRow | undefined,
    /** Whether the version belongs to an earlier handling round than the petition's current one. */
    inEarlierRound: (petitionId: string, version: number) => Boolean(s.earlierRound.get(petitionId, version)),
    setApproved: (petitionId: string, version: number, by: string, at: string) =>
      void s.setApproved.run(by, at, petitionId, version),
  };
}

export type DraftsRepo = ReturnType<typeof createDraftsRepo>;
