import type { ClauseHit, Corpus } from '../clauses/types.ts';
import type { Clock } from '../clock.ts';
import { maskPii, maskSpans, findPii } from '../text/pii.ts';
import type { Citation, DraftInput, DraftResult } from './types.ts';
import type { LlmProvider } from './llm/provider.ts';
import { composeDocument, TITLES, type DocumentParts } from './documents.ts';
import { checkCitations, citationKey, dedupe, parseCitations } from './citations.ts';
import { decideOutcome, kindFor } from './route-kinds.ts';
import { extractRequests } from './requests.ts';
import { asPromptData, renderPrompt } from './prompt.ts';
import { selectArticles, type Selection } from './article-selection.ts';
import { proposeArticles } from './article-proposal.ts';
import { createLawSearch, type LawSearch } from '../clauses/law-search.ts';
import { createTokenizer } from '../clauses/tokenize.ts';
import { FallbackError, failureReason, parseSections, validateSections, type Sections } from './llm-sections.ts';
import {
  allowedCitations,
  describeRoute,
  offlineSections,
  pickBasis,
  promptVars,
  toneGuidance,
  toneOpening,
  topicOf,
  verifiedClauses,
} from './parts.ts';

export interface DrafterOptions {
  corpus?: Corpus;
  llm?: LlmProvider;
  promptsDir: string;
  clock: Clock;
  /** The signing office printed at the foot of every document. */
  office?: string;
  /** Total time for the model call including the client's retries; past it the offline draft is used. */
  llmDeadlineMs?: number;
  /** Search within the statutes a model names (built from `corpus` on first use when not given). */
  lawSearch?: LawSearch;
}

export interface Drafter {
  draft(input: DraftInput): Promise<DraftResult>;
  /** True when a model is configured: it then chooses the quoted articles among DraftInput.candidates. */
  readonly selects?: boolean;
}

const NAME_SLOT = '\u0000PETITIONER\u0000';
const JOIN = '。\u0001';
const PLACEHOLDER = /\[(?:姓名|身份证号|手机号|电话|地址|银行卡号|邮箱)\d+\]/g;

/** [start, start + span) for every occurrence of needle in text. */
function rangesOf(text: string, needle: string, span: number): [number, number][] {
  const out: [number, number][] = [];
  if (!needle) return out;
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) out.push([i, i + span]);
  return out;
}

/** Failure reasons after which the model is not asked again for the same draft. */
const UNREACHABLE = /^(timeout|deadline|connection_error)\b/;

/** Formats an instant as a Chinese calendar date in Beijing time. */
export function chineseDate(d: Date | string): string {
  const p = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
  }).formatToParts(new Date(d));
  const get = (t: string) => Number(p.find((x) => x.type === t)?.value);
  return `${get('year')}年${get('month')}月${get('day')}日`;
}

/** Creates the reply drafter: offline by default, through `llm` when given, always checked by code. */
export function createDrafter(opts: DrafterOptions): Drafter {
  const office = opts.office ?? '（承办机关名称及印章）';

  // The model sees what each article says, so that it reasons from the text rather than the number.
  function articleText(c: Citation): string {
    return (opts.corpus?.getArticle(c.law, c.article)?.text ?? '').replace(/\s+/g, '');
  }

  async function phrase(
    parts: DocumentParts & { emotion: DraftInput['emotion'] },
    maskedText: string,
    allowed: Citation[],
    signal: AbortSignal | undefined,
  ): Promise<{ sections?: Sections; removed: Citation[] }> {
    const llm = opts.llm!;
    const vars = promptVars(parts.kind, {
      document: TITLES[parts.kind],
      route: describeRoute(parts.route),
      outcome:
        parts.kind === 'opinion'
          ? parts.outcome
            ? `${parts.outcome}（《信访工作条例》第三十二条）`
            : '尚未确定（由承办人员调查核实后选定，不得陈述处理结果或者调查结论）'
          : '',
      articles: allowed.map((a) => `《${a.law}》${a.article}：${articleText(a).slice(0, 200)}`).join('\n') || '（无）',
      tone: toneGuidance(parts.emotion),
      requests: parts.requests.map((r, i) => `${i + 1}. ${r}`).join('\n') || '（未提取到明确请求）',
      petition: asPromptData(maskedText),
    });
    const res = await llm.complete({
      messages: [
        { role: 'system', content: renderPrompt(opts.promptsDir, 'system', {}) },
        { role: 'user', content: renderPrompt(opts.promptsDir, parts.kind, vars) },
      ],
      maxTokens: 800,
      ...(signal ? { signal } : {}),
    });
    const s = parseSections(res.text);
    validateSections(s, parts.kind, parts.outcome);
    // A placeholder the model echoes is not a leak, but a reader should see ×× rather than [手机号1].
    const clean = (t: string) => maskPii(t).text.replace(PLACEHOLDER, '××');
    const summary = checkCitations(clean(s.summary), allowed, opts.corpus);
    const explanation = checkCitations(clean(s.explanation), allowed, opts.corpus);
    return {
      sections: { summary: summary.text, explanation: explanation.text },
      removed: [...summary.removed, ...explanation.removed],
    };
  }

  // Built on first use: only a drafter with a model searches the named statutes.
  let lawSearch = opts.lawSearch;
  const searchFor = (corpus: Corpus) => (lawSearch ??= createLawSearch(corpus, createTokenizer()));

  return {
    selects: Boolean(opts.llm),
    async draft(input) {
      const outcome = decideOutcome(input);
      const kind = input.kind ?? kindFor(input.route, input.decision, outcome !== undefined);
      // Title and text are masked together so a name or address found in one is hidden in both.
      // Spreadsheet exports carry `_x000D_` for a line break; a reader must never see it.
      const title = input.title
        ?.replace(/_x000D_/gi, ' ')
        .replace(/\s+/g, ' ')
        .trim();
      input = { ...input, text: input.text.replace(/_x000D_/gi, '\n') };
      const known = input.petitionerName ? [input.petitionerName] : [];
      // 。 ends every detector's span (digit runs, names, addresses), so nothing is masked across the join.
      const joint = maskPii(title ? `${title}${JOIN}${input.text}` : input.text, known).text;
      const at = joint.indexOf(JOIN);
      const masked = { text: title ? joint.slice(at + JOIN.length) : joint };
      const maskedTitle = title ? joint.slice(0, at) : undefined;
      const requests = extractRequests(masked.text);
      const clauses = verifiedClauses(input.clauses, opts.corpus);
      // With a model configured, it chooses among the candidates (article-selection.ts); else the threshold did.
      let chosen = clauses.kept;
      let needsStatute = input.needsStatute ?? true;
      let articlesBy: DraftResult['articlesBy'] = 'threshold';
      let selectionFallbackReason: string | undefined;
      let selection: DraftResult['selection'];
      // One deadline for the whole draft: each of the model's steps gets what is left of it.
      const budget = opts.llmDeadlineMs ? Date.now() + opts.llmDeadlineMs : undefined;
      const signal = () => (budget ? AbortSignal.timeout(Math.max(1, budget - Date.now())) : undefined);
      let rejected = new Set<string>();
      // A suggestion is asked too: some raise a matter a statute governs (14 of 304 statute letters of the judged sets
      // 4–8 were classified as suggestions), and the model says so or scores nothing 2.
      if (opts.llm && input.candidates?.length && kind !== 'thanks') {
        try {
          const sel = await select(input.candidates, maskedTitle, masked.text, signal);
          // Without a confidence, pickBasis takes the model's choice as made (at most MAX_BASIS), in its order.
          chosen = sel.chosen.map(({ confidence: _, ...c }, i) => ({ ...c, score: sel.chosen.length - i }));
          // What it saw and did not score 2 is never quoted, not even as the route's procedure article.
          rejected = new Set(sel.candidates.filter((_, i) => sel.scores[i] !== 2).map(citationKey));
          needsStatute = sel.chosen.length > 0;
          articlesBy = 'model';
          selection = {
            candidates: sel.candidates,
            scores: sel.scores,
            needsStatute: sel.needsStatute,
            ...(sel.proposalFallbackReason ? { proposalFallbackReason: sel.proposalFallbackReason } : {}),
            ...(sel.unknown ? { unknown: sel.unknown } : {}),
          };
        } catch (e) {
          selectionFallbackReason = failureReason(e);
        }
      }
      // Offline, a suggestion quotes no substantive article: the threshold was never measured on suggestions alone.
      if (kind === 'suggestion_reply' && articlesBy !== 'model') needsStatute = false;
      // A model's draft quotes only what it scored 2; no draft adds the route's procedure article (see pickBasis).
      const basis = pickBasis(kind, chosen, opts.corpus, needsStatute).filter((b) => !rejected.has(citationKey(b)));
      // Citations inside a quoted article are part of the exact quote: allowed when they exist.
      const quoted = basis
        .flatMap((b) => parseCitations(b.text, opts.corpus))
        .filter((c) => !opts.corpus || opts.corpus.getArticle(c.law, c.article));
      // A model may cite only what the document quotes, the route's articles and the template's own.
      const allowed = dedupe([
        ...allowedCitations(kind, basis, input.route, opts.corpus),
        ...quoted.map((c) => ({ law: c.law, article: c.article })),
      ]).filter((c) => !rejected.has(citationKey(c)));
      const parts: DocumentParts & { emotion: DraftInput['emotion'] } = {
        kind,
        petitionerName: input.petitionerName ? NAME_SLOT : undefined,
        receivedOn:
          input.receivedAt && !Number.isNaN(Date.parse(input.receivedAt)) ? chineseDate(input.receivedAt) : undefined,
        today: chineseDate(opts.clock.now()),
        topic: topicOf(maskedTitle, masked.text),
        requests,
        route: input.route,
        outcome,
        findings: input.findings?.trim() || undefined,
        basis,
        toneOpening: toneOpening(input.emotion),
        office,
        emotion: input.emotion,
        ...offlineSections(kind, outcome, input.route, basis, masked.text),
      };
      let removed: Citation[] = [...clauses.removed];
      let provider: DraftResult['provider'] = 'offline';
      let fallbackReason: string | undefined;
      // A model that did not answer in time or could not be reached is not asked again for the same draft.
      const down = selectionFallbackReason && UNREACHABLE.test(selectionFallbackReason);
      if (opts.llm && down) fallbackReason = selectionFallbackReason;
      else if (opts.llm) {
        try {
          const r = await phrase(parts, masked.text, allowed, signal());
          Object.assign(parts, r.sections);
          removed = [...removed, ...r.removed];
          provider = 'llm';
        } catch (e) {
          fallbackReason = failureReason(e);
        }
      }
      const result = finish(parts, allowed, removed, provider, fallbackReason, input.petitionerName);
      return {
        ...result,
        articlesBy,
        ...(selectionFallbackReason ? { selectionFallbackReason } : {}),
        ...(selection ? { selection } : {}),
      };
    },
  };

  /** The model's two steps: it names statutes and articles (checked against the corpus), then scores them all. */
  async function select(
    candidates: ClauseHit[],
    maskedTitle: string | undefined,
    maskedText: string,
    signal: () => AbortSignal | undefined,
  ): Promise<Selection & { proposalFallbackReason?: string; unknown?: number }> {
    const verified = verifiedClauses(candidates, opts.corpus).kept;
    const letter = maskedTitle ? `标题：${maskedTitle}\n${maskedText}` : maskedText;
    let pool = verified;
    let proposalFallbackReason: string | undefined;
    let unknown = 0;
    if (opts.corpus) {
      try {
        const p = await proposeArticles(
          opts.llm!,
          opts.promptsDir,
          letter,
          opts.corpus,
          searchFor(opts.corpus),
          signal(),
        );
        // The articles it named first, then the offline ranking, then the named statutes' best matches.
        const named = p.candidates.filter((c) => c.reason.includes('模型指出的条文'));
        pool = dedupe([...named, ...verified, ...p.candidates]);
        unknown = p.unknown;
      } catch (e) {
        proposalFallbackReason = failureReason(e);
        // Unreachable or out of time: the second step would fare no better.
        if (UNREACHABLE.test(proposalFallbackReason)) throw new FallbackError(proposalFallbackReason);
      }
    }
    try {
      const sel = await selectArticles(opts.llm!, opts.promptsDir, letter, pool, signal());
      return { ...sel, ...(proposalFallbackReason ? { proposalFallbackReason } : {}), unknown };
    } catch (e) {
      // Both steps failed: say so, so the case file shows why the threshold decided.
      const reason = failureReason(e);
      throw new FallbackError(proposalFallbackReason ? `${reason}; proposal: ${proposalFallbackReason}` : reason);
    }
  }

  function finish(
    parts: DocumentParts,
    allowed: Citation[],
    removed: Citation[],
    provider: DraftResult['provider'],
    fallbackReason: string | undefined,
    name?: string,
  ): DraftResult {
    // Last line of defence: every citation in the assembled text is checked, and any personal data that
    // slipped through is masked before the petitioner's name is put in its one place.
    const checked = checkCitations(composeDocument(parts), allowed, opts.corpus);
    // Quoted statute text is the law's own wording (地址、姓名 as field names): never masked.
    const quotes = parts.basis
      .map((b) => b.text.replace(/\s+/g, '').slice(0, 40))
      .flatMap((q) => rangesOf(checked.text, q, 260));
    const leaks = findPii(checked.text).filter((s) => !quotes.some(([a, b]) => s.start < b && s.end > a));
    const safe = leaks.length ? maskSpans(checked.text, leaks).text : checked.text;
    const reply = name ? safe.split(NAME_SLOT).join(name) : safe;
    return {
      reply,
      kind: parts.kind,
      citations: checked.citations,
      removedCitations: dedupe([...removed, ...checked.removed]),
      provider,
      ...(fallbackReason ? { fallbackReason } : {}),
    };
  }
}
