import type { Analyzer } from './analyzer.ts';
import type { EventLog } from '../audit/event-log.ts';
import type { CaseService } from '../cases/case-service.ts';
import type { Corpus } from '../clauses/types.ts';
import { fieldsOfKinds, type NoteReader } from '../cases/sealed-notes.ts';
import { AppError } from '../errors.ts';
import type { PiiKind } from '../text/pii.ts';
import { tx, type Db } from '../store/db.ts';
import { checkCitations } from '../drafting/citations.ts';
import type { DraftStore } from '../drafting/draft-store.ts';
import { missingElements, statedOutcome } from '../drafting/structure.ts';
import { kindFromHeading } from '../drafting/route-kinds.ts';
import {
  SCREENING_DECISIONS,
  type Citation,
  type DraftKind,
  type DraftInput,
  type ScreeningDecision,
} from '../drafting/types.ts';
import { TITLES } from '../drafting/documents.ts';

// Refusals are read by a person: the decision, the document and its missing parts in Chinese.
const DECISION_ZH: Record<string, string> = { accepted: '受理', forwarded: '转送', not_accepted: '不予受理' };
const KIND_ZH: Record<string, string> = TITLES;
const ELEMENT_ZH: Record<string, string> = {
  request: '投诉请求',
  facts_and_reasons: '事实和理由',
  opinion: '处理意见',
  legal_basis: '法律依据（引用的条文）',
  outcome: '处理结论（予以支持、作出解释说明或不予支持）',
  review_right: '申请复查的权利和 30 日期限',
  accepted: '予以受理的表述',
  not_accepted: '不予受理的表述',
  reason: '不予受理的理由',
  way_forward: '救济途径',
  receiver: '接收机关',
  reply: '研究论证情况',
  thanks: '致谢',
  placeholder: '【】中待核实的内容（须填写）',
};
const elementZh = (m: string) => `“${ELEMENT_ZH[m] ?? m}”（${m}）`;

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
  // Replies are stored with identities as placeholders ([姓名1]); they are put back only when read, for a reader
  // whose role may see them, and that read is recorded in the case file (pii_read).
  const notes = deps.cases.internal.notes;

  /** The screening decision (甄别) recorded in the case file: the last move to `screened`. */
  function decisionOf(petitionId: string): ScreeningDecision | undefined {
    const moves = events
      .forPetition(petitionId)
      .filter((e) => e.type === 'transition' && (e.payload as { to?: string })?.to === 'screened');
    const d = (moves.at(-1)?.payload as { decision?: string } | undefined)?.decision;
    return SCREENING_DECISIONS.find((x) => x === d);
  }

  /** The articles a version may cite: those the generated first version was grounded in. */
  function allowedFor(petitionId: string): Citation[] {
    return drafts.list(petitionId)[0]?.citations ?? [];
  }

  return {
    /** Every version, masked; with `reader`, the kinds it may see are put back and the read is recorded. */
    list: (petitionId: string, reader?: NoteReader) => {
      deps.cases.view(petitionId);
      const all = drafts.list(petitionId);
      if (!reader?.kinds.length) return all;
      return tx(db, () => {
        const shown = new Set<PiiKind>();
        const out = all.map((d) => {
          const u = notes.unseal(petitionId, d.reply, reader.kinds);
          u.shown.forEach((k) => shown.add(k));
          return { ...d, reply: u.text };
        });
        const fields = fieldsOfKinds([...shown]);
        if (fields.length)
          events.append({ petitionId, type: 'pii_read', actor: reader.actor, payload: { fields, role: reader.role } });
        return out;
      });
    },

    /**
     * The kind follows the recorded screening decision; findings and outcome, once staff record them (issue
     * 18), replace the draft's placeholders. A kind that contradicts the decision is refused (409).
     */
    async generate(
      petitionId: string,
      opts: { kind?: DraftKind; actor: string; findings?: string; outcome?: DraftInput['outcome'] },
    ) {
      const p = deps.cases.view(petitionId, { unmasked: true });
      const decision = decisionOf(petitionId);
      if (opts.kind && decision && CONFLICTS[decision].includes(opts.kind)) {
        throw new AppError(
          409,
          'kind_conflicts_with_screening',
          `甄别结论为“${DECISION_ZH[decision] ?? decision}”的事项不能出具${KIND_ZH[opts.kind] ?? opts.kind}`,
        );
      }
      const d = await deps.analyzer.draft({
        decision,
        findings: opts.findings,
        outcome: opts.outcome,
        text: p.text,
        title: p.title ?? undefined,
        kind: opts.kind,
        petitionerName: p.petitioner?.name ?? undefined,
        receivedAt: p.received_at,
      });
      return tx(db, () => {
        const rec = drafts.add(petitionId, {
          kind: d.kind,
          reply: notes.seal(petitionId, d.reply),
          citations: d.citations,
          provider: d.provider,
          createdBy: opts.actor,
        });
        events.append({
          petitionId,
          type: 'draft_version',
          actor: opts.actor,
          payload: {
            version: rec.version,
            kind: rec.kind,
            provider: d.provider,
            citations: d.citations,
            removed_citations: d.removedCitations,
            fallback_reason: d.fallbackReason ?? null,
            articles_by: d.articlesBy ?? 'threshold',
            selection_fallback_reason: d.selectionFallbackReason ?? null,
            // What the model saw and how it scored it: the case file shows why these articles were quoted.
            selection: d.selection ?? null,
            reply_chars: d.reply.length,
          },
        });
        return {
          ...rec,
          removedCitations: d.removedCitations,
          ...(d.fallbackReason ? { fallbackReason: d.fallbackReason } : {}),
        };
      });
    },

    /**
     * A staff edit: a new version, refused (422) if it cites an article outside the grounded set. Its kind is
     * the one given, else the one its heading names (an edited 转送告知书 heading makes it a forwarding
     * notice), else the previous version's.
     */
    edit(petitionId: string, input: { reply: string; actor: string; kind?: DraftKind }) {
      const latest = drafts.latest(petitionId);
      deps.cases.view(petitionId);
      if (!latest) throw new AppError(409, 'no_draft', '请先生成答复草稿，再修改');
      const check = checkCitations(input.reply, allowedFor(petitionId), deps.corpus);
      if (check.removed.length) {
        throw new AppError(
          422,
          'invalid_citations',
          '修改稿引用了不存在或未向本事项推荐的条文',
          check.removed.map((c) => ({ path: 'reply', message: `《${c.law}》${c.article}` })),
        );
      }
      return tx(db, () => {
        const rec = drafts.add(petitionId, {
          kind: input.kind ?? kindFromHeading(input.reply) ?? latest.kind,
          reply: notes.seal(petitionId, input.reply),
          citations: check.citations,
          provider: 'staff',
          createdBy: input.actor,
        });
        events.append({
          petitionId,
          type: 'draft_version',
          actor: input.actor,
          payload: {
            version: rec.version,
            kind: rec.kind,
            provider: 'staff',
            citations: check.citations,
            reply_chars: input.reply.length,
          },
        });
        return rec;
      });
    },

    /** Approval sends the reply: the case moves to 答复 and, for a 意见书, the 30-day review clock starts. */
    approve(petitionId: string, version: number, actor: string) {
      return tx(db, () => {
        const d = drafts.get(petitionId, version);
        const missing = missingElements(d.reply, d.kind);
        if (missing.length) {
          throw new AppError(
            422,
            'incomplete_document',
            `草稿缺少必备要素：${missing.map(elementZh).join('、')}`,
            missing.map((m) => ({ path: 'reply', message: `缺少${elementZh(m)}` })),
          );
        }
        const approved = drafts.approve(petitionId, version, actor);
        events.append({
          petitionId,
          type: 'draft_approved',
          actor,
          payload: { version, kind: d.kind, citations: d.citations },
        });
        const outcome = d.kind === 'opinion' ? statedOutcome(d.reply) : undefined;
        const petition = deps.cases.recordReply(petitionId, { actor, kind: d.kind, outcome, draftId: version });
        return { draft: approved, petition };
      });
    },
  };
}

/** Kinds a screening decision rules out: an accepted petition never gets a 不予受理告知书. */
const CONFLICTS: Record<ScreeningDecision, DraftKind[]> = {
  accepted: ['non_acceptance', 'forwarding'],
  not_accepted: ['acceptance', 'opinion', 'forwarding'],
  forwarded: ['acceptance', 'opinion', 'non_acceptance'],
};

export type ReviewService = ReturnType<typeof createReviewService>;
