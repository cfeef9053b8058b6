import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../clock.ts';
import { conflict, notFound } from '../errors.ts';
import { tx, type Db } from '../store/db.ts';
import { createDraftsRepo, type DraftRow } from '../store/drafts-repo.ts';
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

// The stored kind and provider were checked by NewDraftSchema when written.
const toRecord = (r: DraftRow): DraftRecord => ({
  id: r.id,
  petitionId: r.petition_id,
  version: r.version,
  kind: r.kind as DraftKind,
  reply: r.reply,
  citations: JSON.parse(r.citations_json) as Citation[],
  provider: r.provider as DraftRecord['provider'],
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

/** A petition's draft versions and their approval, one per handling round; the SQL is in store/drafts-repo.ts. */
export function createDraftStore(db: Db, clock: Clock): DraftStore {
  const repo = createDraftsRepo(db);

  const approved = (petitionId: string) => {
    const r = repo.approved(petitionId);
    return r ? toRecord(r) : undefined;
  };
  const get = (petitionId: string, version: number) => {
    const r = repo.get(petitionId, version);
    if (!r) throw notFound('draft version', `${petitionId}/${version}`);
    return toRecord(r);
  };

  return {
    add(petitionId, draft) {
      const d = NewDraftSchema.parse(draft);
      return tx(db, () => {
        if (!repo.petitionExists(petitionId)) throw notFound('petition', petitionId);
        if (approved(petitionId))
          throw conflict('draft_approved', `信访事项 ${petitionId} 已有经审批的答复，本轮不能再写新草稿`);
        const row: DraftRow = {
          id: randomUUID(),
          petition_id: petitionId,
          version: repo.maxVersion(petitionId) + 1,
          kind: d.kind,
          reply: d.reply,
          citations_json: JSON.stringify(d.citations),
          provider: d.provider,
          created_by: d.createdBy,
          created_at: clock.now().toISOString(),
          approved_by: null,
          approved_at: null,
        };
        repo.insert(row);
        return toRecord(row);
      });
    },
    list: (petitionId) => repo.list(petitionId).map(toRecord),
    get,
    latest(petitionId) {
      const r = repo.latest(petitionId);
      return r ? toRecord(r) : undefined;
    },
    approved,
    approve(petitionId, version, approvedBy) {
      return tx(db, () => {
        const d = get(petitionId, version);
        if (repo.inEarlierRound(petitionId, version))
          throw conflict('draft_superseded', `第 ${version} 版属于上一轮办理，请为本轮写新的版本`);
        const already = approved(petitionId);
        if (already) throw conflict('draft_approved', `信访事项 ${petitionId} 的第 ${already.version} 版已经审批`);
        repo.setApproved(petitionId, version, approvedBy, clock.now().toISOString());
        return { ...d, approvedBy, approvedAt: clock.now().toISOString() };
      });
    },
  };
}
