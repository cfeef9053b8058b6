import type { Analyzer } from '../analysis/analyzer.ts';
import type { EventLog } from '../audit/event-log.ts';
import type { CaseService } from '../cases/case-service.ts';
import type { Corpus } from '../clauses/types.ts';
import { AppError } from '../errors.ts';
import { tx, type Db } from '../store/db.ts';
import { checkCitations } from './citations.ts';
import type { DraftStore } from './draft-store.ts';
import { missingElements, statedOutcome } from './structure.ts';
import type { Citation, DraftKind } from './types.ts';

export interface ReviewDeps {
  db: Db;
  analyzer: Analyzer;
  cases: CaseService;
  drafts: DraftStore;
  events: EventLog;
  corpus: Corpus;
}

/**
 * Drafts for a registered petition: generate, edit (each edit a new version), approve. Every version and the
 * approval enter the case file; only approval moves the case to 答复 (CaseService.recordReply).
 */
export function createReviewService(deps: ReviewDeps) {
  const { db, drafts, events } = deps;

  /** The articles a version may cite: those the generated first version was grounded in. */
  function allowedFor(petitionId: string): Citation[] {
    return drafts.list(petitionId)[0]?.citations ?? [];
  }

  return {
    list: (petitionId: string) => {
      deps.cases.view(petitionId);
      return drafts.list(petitionId);
    },

    async generate(petitionId: string, opts: { kind?: DraftKind; actor: string }) {
      const p = deps.cases.view(petitionId, { unmasked: true });
      const d = await deps.analyzer.draft({
        text: p.text,
        title: p.title ?? undefined,
        kind: opts.kind,
        petitionerName: p.petitioner?.name ?? undefined,
        receivedAt: p.received_at,
      });
      return tx(db, () => {
        const rec = drafts.add(petitionId, { kind: d.kind, reply: d.reply, citations: d.citations, provider: d.provider, createdBy: opts.actor });
        events.append({
          petitionId,
          type: 'draft_version',
          actor: opts.actor,
          payload: { version: rec.version, kind: rec.kind, provider: d.provider, citations: d.citations, removed_citations: d.removedCitations, fallback_reason: d.fallbackReason ?? null, reply_chars: d.reply.length },
        });
        return { ...rec, removedCitations: d.removedCitations, ...(d.fallbackReason ? { fallbackReason: d.fallbackReason } : {}) };
      });
    },

    /** A staff edit: a new version, refused (422) if it cites an article outside the grounded set. */
    edit(petitionId: string, input: { reply: string; actor: string; kind?: DraftKind }) {
      const latest = drafts.latest(petitionId);
      deps.cases.view(petitionId);
      if (!latest) throw new AppError(409, 'no_draft', 'generate a draft before editing it');
      const check = checkCitations(input.reply, allowedFor(petitionId), deps.corpus);
      if (check.removed.length) {
        throw new AppError(
          422,
          'invalid_citations',
          'the edit cites articles that do not exist or were not recommended for this petition',
          check.removed.map((c) => ({ path: 'reply', message: `《${c.law}》${c.article}` })),
        );
      }
      return tx(db, () => {
        const rec = drafts.add(petitionId, { kind: input.kind ?? latest.kind, reply: input.reply, citations: check.citations, provider: 'staff', createdBy: input.actor });
        events.append({ petitionId, type: 'draft_version', actor: input.actor, payload: { version: rec.version, kind: rec.kind, provider: 'staff', citations: check.citations, reply_chars: input.reply.length } });
        return rec;
      });
    },

    /** Approval sends the reply: the case moves to 答复 and, for a 意见书, the 30-day review clock starts. */
    approve(petitionId: string, version: number, actor: string) {
      return tx(db, () => {
        const d = drafts.get(petitionId, version);
        const missing = missingElements(d.reply, d.kind);
        if (missing.length) {
          throw new AppError(422, 'incomplete_document', `the draft lacks required elements: ${missing.join(', ')}`, missing.map((m) => ({ path: 'reply', message: `missing ${m}` })));
        }
        const approved = drafts.approve(petitionId, version, actor);
        events.append({ petitionId, type: 'draft_approved', actor, payload: { version, kind: d.kind, citations: d.citations } });
        const outcome = d.kind === 'opinion' ? statedOutcome(d.reply) : undefined;
        const petition = deps.cases.recordReply(petitionId, { actor, kind: d.kind, outcome, draftId: version });
        return { draft: approved, petition };
      });
    },
  };
}

export type ReviewService = ReturnType<typeof createReviewService>;
