import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../clock.ts';
import { conflict, notFound } from '../errors.ts';
import { tx, type Db } from '../store/db.ts';
import { DRAFT_KINDS, type Citation, type DraftKind } from './types.ts';

/** Who wrote a version: the offline drafter, a model, or a member of staff editing. */
export const DRAFT_PROVIDERS = ['offline', 'llm', 'staff'] as const;

export const NewDraftSchema = z.object({
  kind: z.enum(DRAFT_KINDS),
  reply: z.string().trim().min(1).max(20_000),
  citations: z.array(z.object({ law: z.string().min(1), article: z.string().min(1) })).default([]),
  provider: z.enum(DRAFT_PROVIDERS),
  createdBy: z.string().min(1),
});
export type NewDraft = z.input<typeof NewDraftSchema>;

export interface DraftRecord {
  id: string;
  petitionId: string;
  version: number;
  kind: DraftKind;
  reply: string;
  citations: Citation[];
  provider: (typeof DRAFT_PROVIDERS)[number];
  createdBy: string;
  createdAt: string;
  approvedBy: string | null;
  approvedAt: string | null;
}

interface Row {
  id: string;
  petition_id: string;
  version: number;
  kind: DraftKind;
  reply: string;
  citations_json: string;
  provider: DraftRecord['provider'];
  created_by: string;
  created_at: string;
  approved_by: string | null;
  approved_at: string | null;
}

const toRecord = (r: Row): DraftRecord => ({
  id: r.id,
  petitionId: r.petition_id,
  version: r.version,
  kind: r.kind,
  reply: r.reply,
  citations: JSON.parse(r.citations_json) as Citation[],
  provider: r.provider,
  createdBy: r.created_by,
  createdAt: r.created_at,
  approvedBy: r.approved_by,
  approvedAt: r.approved_at,
});

export interface DraftStore {
  /** Adds the next version (1, 2, …); 404 for an unknown petition, 409 once a version is approved. */
  add(petitionId: string, draft: NewDraft): DraftRecord;
  list(petitionId: string): DraftRecord[];
  get(petitionId: string, version: number): DraftRecord;
  latest(petitionId: string): DraftRecord | undefined;
  approved(petitionId: string): DraftRecord | undefined;
  /** Approves one version; 404 when missing, 409 when this or another version is already approved. */
  approve(petitionId: string, version: number, approvedBy: string): DraftRecord;
}

/** The drafts repository over the `drafts` table (migration 003). */
export function createDraftStore(db: Db, clock: Clock): DraftStore {
  const petitionExists = db.prepare('SELECT 1 FROM petitions WHERE id = ?').pluck();
  const maxVersion = db.prepare('SELECT COALESCE(MAX(version), 0) FROM drafts WHERE petition_id = ?').pluck();
  const insert =
    db.prepare(`INSERT INTO drafts (id, petition_id, version, kind, reply, citations_json, provider, created_by, created_at)
    VALUES (@id, @petition_id, @version, @kind, @reply, @citations_json, @provider, @created_by, @created_at)`);
  const selectAll = db.prepare('SELECT * FROM drafts WHERE petition_id = ? ORDER BY version');
  const selectOne = db.prepare('SELECT * FROM drafts WHERE petition_id = ? AND version = ?');
  const selectLatest = db.prepare('SELECT * FROM drafts WHERE petition_id = ? ORDER BY version DESC LIMIT 1');
  // One approved version per handling round (migration 009): 二次督办, 复查 and 复核 each open a new round.
  const selectApproved = db.prepare(
    'SELECT * FROM drafts WHERE petition_id = ? AND approved_at IS NOT NULL AND round = (SELECT round FROM petitions WHERE id = drafts.petition_id)',
  );
  const earlierRound = db
    .prepare(
      'SELECT round < (SELECT round FROM petitions WHERE id = drafts.petition_id) FROM drafts WHERE petition_id = ? AND version = ?',
    )
    .pluck();
  const setApproved = db.prepare(
    'UPDATE drafts SET approved_by = ?, approved_at = ? WHERE petition_id = ? AND version = ?',
  );

  const approved = (petitionId: string) => {
    const r = selectApproved.get(petitionId) as Row | undefined;
    return r ? toRecord(r) : undefined;
  };
  const get = (petitionId: string, version: number) => {
    const r = selectOne.get(petitionId, version) as Row | undefined;
    if (!r) throw notFound('draft version', `${petitionId}/${version}`);
    return toRecord(r);
  };

  return {
    add(petitionId, draft) {
      const d = NewDraftSchema.parse(draft);
      return tx(db, () => {
        if (!petitionExists.get(petitionId)) throw notFound('petition', petitionId);
        if (approved(petitionId))
          throw conflict('draft_approved', `信访事项 ${petitionId} 已有经审批的答复，本轮不能再写新草稿`);
        const row: Row = {
          id: randomUUID(),
          petition_id: petitionId,
          version: (maxVersion.get(petitionId) as number) + 1,
          kind: d.kind,
          reply: d.reply,
          citations_json: JSON.stringify(d.citations),
          provider: d.provider,
          created_by: d.createdBy,
          created_at: clock.now().toISOString(),
          approved_by: null,
          approved_at: null,
        };
        insert.run(row);
        return toRecord(row);
      });
    },
    list: (petitionId) => (selectAll.all(petitionId) as Row[]).map(toRecord),
    get,
    latest(petitionId) {
      const r = selectLatest.get(petitionId) as Row | undefined;
      return r ? toRecord(r) : undefined;
    },
    approved,
    approve(petitionId, version, approvedBy) {
      return tx(db, () => {
        const d = get(petitionId, version);
        if (earlierRound.get(petitionId, version))
          throw conflict('draft_superseded', `第 ${version} 版属于上一轮办理，请为本轮写新的版本`);
        const already = approved(petitionId);
        if (already) throw conflict('draft_approved', `信访事项 ${petitionId} 的第 ${already.version} 版已经审批`);
        setApproved.run(approvedBy, clock.now().toISOString(), petitionId, version);
        return { ...d, approvedBy, approvedAt: clock.now().toISOString() };
      });
    },
  };
}
