import type { ClauseHit, Corpus } from './types.ts';
import { Bm25Builder, addTerms, topK } from './bm25.ts';
import type { Tokenizer } from './tokenize.ts';
import { defaultMatters, type MatterMatch, type Matters } from './matters.ts';
import { defaultEvidence, withEvidence, type MatterEvidence } from './matter-evidence.ts';
import { defaultWordVectors } from './word-vectors.ts';
import { defaultCitationModel, withCitationModel, type CitationModel } from './citation-model.ts';

/** What the petition asks of the office: decides whether a substantive statute is in play at all. */
export type LetterKind = 'complaint' | 'report' | 'question' | 'suggestion' | 'thanks';

const THANKS = /感谢信|表扬|点赞|致谢|锦旗/;
const SUGGEST =
  /建议|呼吁|希望.{0,12}(增设|开通|设置|安装|修建|建设|延长|增加|加强|规划|开设|改善|尽快)|恳请.{0,6}(增设|开通)|能否.{0,8}(增设|开通|安装)/;
const QUESTION =
  /^咨询|咨询|请问|问一下|是否可以|能否|可不可以|能不能|怎么办理|如何办理|需要什么|什么时候|何时|有什么政策|有哪些|哪些政策|政策是什么|吗[？?]/;
// A question about the writer's own case (我 / 孩子 …) asks what the law gives them; one about policy in general does not.
const OWN_CASE = /我|本人|孩子|小孩|儿子|女儿|父亲|母亲|我家|我们/;
// Words of someone whose own rights are at stake: these keep a statute in play even in a question.
const GRIEVANCE =
  /投诉|举报|拖欠|克扣|强拆|强行|侵占|霸占|不给|拒不|拒绝|违法|违规|非法|损害|赔偿|维权|欺诈|被骗|打伤|殴打|扣押|不退|不予|要求.{0,6}(退|赔|补|支付|解决)/;
const REPORT = /举报|检举|控告/;

export function letterKind(text: string, title = ''): LetterKind {
  const head = title || text.slice(0, 40);
  if (THANKS.test(head) && !GRIEVANCE.test(text)) return 'thanks';
  if (REPORT.test(head)) return 'report';
  if (/投诉|反映|请求.{0,6}(解决|处理|查处)|要求/.test(head) && GRIEVANCE.test(`${title}${text}`)) return 'complaint';
  if (SUGGEST.test(head)) return 'suggestion';
  if (QUESTION.test(head)) return GRIEVANCE.test(head) ? 'complaint' : 'question';
  if (GRIEVANCE.test(`${title}${text}`)) return 'complaint';
  return SUGGEST.test(text) ? 'suggestion' : QUESTION.test(text) ? 'question' : 'complaint';
}

export interface ScoredClause extends ClauseHit {
  /** Estimated probability that a legal officer would cite it (judged 2); see CONFIDENCE. */
  confidence: number;
  matter?: string;
}

/** What the analysis shows of a recognised matter: the match without its score and statute data. */
export type RecognisedMatter = Pick<
  MatterMatch,
  'id' | 'label' | 'department' | 'needsStatute' | 'category' | 'routes' | 'cues'
>;

export interface MatterFirstResult {
  matter?: RecognisedMatter;
  kind: LetterKind;
  /** Articles at or above the threshold, best first (at most k). */
  clauses: ScoredClause[];
  /** Every candidate with its confidence, best first, including those below the threshold. */
  ranked: ScoredClause[];
  abstained: boolean;
  reason?: string;
  /** Further recognised matters (ids, best first, at most two): a source of candidates for the citation model. */
  others?: string[];
}

/**
 * Confidence of a candidate: a prior by where it came from, scaled by how sure the matter is and by what the
 * letter asks for. The priors are set from the judged dev letters (eval/judged), see scripts/judged/.
 */
export const CONFIDENCE = {
  /** Key article whose own cue matched / unconditional key article / BM25 within the governing statutes. */
  specific: 0.8,
  general: 0.6,
  within: 0.3,
  /** Matter named in the title / two or more cues in the text / a single cue in the text. */
  matterTitle: 1,
  matterCues: 0.9,
  matterSingle: 0.7,
  /** The letter is a question / a suggestion / a report (a question about rights keeps more). */
  question: 0.6,
  suggestion: 0.4,
  report: 0.9,
  secondMatter: 0.8,
  /** Every candidate after the first: on the dev letters a second key article is judged 2 about 0.6 of the time. */
  laterRank: 0.75,
};
/** Recommended (shown to staff) from this confidence up. */
export const THRESHOLD = 0.5;
/**
 * Quoted in a draft from this confidence up, at most MAX_DRAFT_ARTICLES of them: with the learned citation model
 * (citation-model.json) the confidence is the re-ranker's probability of being judged 2, and both values are the
 * ones chosen by cross-validation over the judged letters (scripts/judged/learned.ts); without it, the evidence's.
 */
export const DRAFT_THRESHOLD = defaultCitationModel()?.draftThreshold ?? defaultEvidence()?.draftThreshold ?? 0.5;
export const MAX_DRAFT_ARTICLES = defaultCitationModel()?.maxDraft ?? defaultEvidence()?.maxDraft ?? 1;

export interface MatterFirstOptions {
  tokenizer: Tokenizer;
  matters?: Matters;
  threshold?: number;
  /** Judged evidence per matter (matter-evidence.ts); absent: the shipped matter-evidence.json; null: none. */
  evidence?: MatterEvidence | null;
  /** Learned citation decision (citation-model.ts); absent: the shipped citation-model.json; null: none. */
  citationModel?: CitationModel | null;
}

/** Matter first: recognise the matter, take its key articles, then search within its statutes; abstain when unsure. */
export function createMatterFirst(corpus: Corpus, opts: MatterFirstOptions) {
  const matters = opts.matters ?? defaultMatters();
  const threshold = opts.threshold ?? THRESHOLD;
  const evidence = opts.evidence === undefined ? defaultEvidence() : (opts.evidence ?? undefined);
  const model = opts.citationModel === undefined ? defaultCitationModel() : (opts.citationModel ?? undefined);
  // The word vectors its classifiers read (round 26) are read here, at start-up, not on the first letter.
  if (model?.classifier) defaultWordVectors();
  const governed = new Set(matters.list.flatMap((m) => m.statutes));
  const arts = corpus.articles.filter((a) => governed.has(a.lawId));
  const builder = new Bm25Builder();
  for (const a of arts) builder.add(addTerms(new Map(), opts.tokenizer(a.text)));
  const index = builder.build();

  function matterCertainty(m: MatterMatch, title?: string): number {
    if (title && m.data.cues.some((c) => new RegExp(c, 'i').test(title))) return CONFIDENCE.matterTitle;
    return m.cues.length >= 2 ? CONFIDENCE.matterCues : CONFIDENCE.matterSingle;
  }

  // A letter is tokenised once although up to two matters search within their statutes.
  let lastQuery: { text: string; terms: Map<string, number> } | undefined;
  function query(full: string): Map<string, number> {
    if (lastQuery?.text !== full) {
      const terms = new Map<string, number>();
      for (const t of opts.tokenizer(full)) terms.set(t, 1);
      lastQuery = { text: full, terms };
    }
    return lastQuery.terms;
  }
  // Which of `arts` belong to a matter's governing statutes, built once per matter.
  const ownByMatter = new Map<string, Uint8Array>();
  function ownArticles(m: MatterMatch): Uint8Array {
    let own = ownByMatter.get(m.id);
    if (!own) {
      const statutes = new Set(m.data.statutes);
      own = Uint8Array.from(arts, (a) => (statutes.has(a.lawId) ? 1 : 0));
      ownByMatter.set(m.id, own);
    }
    return own;
  }

  /** One candidate of matter `m` at confidence `c`; its reason names the matter, then why it was proposed. */
  const scored = (a: (typeof arts)[number], c: number, m: MatterMatch, why: string[]): ScoredClause => ({
    law: a.law,
    lawId: a.lawId,
    article: a.article,
    number: a.number,
    text: a.text,
    score: c,
    confidence: c,
    matter: m.id,
    reason: [`事项:${m.label}`, ...why],
  });

  function candidates(m: MatterMatch, full: string, scale: number, specificScale = scale): ScoredClause[] {
    const out: ScoredClause[] = [];
    for (const ref of matters.keyArticles(m.data, full)) {
      const a = corpus.getArticle(ref.law, ref.article);
      if (!a) continue;
      const c = ref.specific ? CONFIDENCE.specific * specificScale : CONFIDENCE.general * scale;
      out.push(scored(a, c, m, m.cues));
    }
    if (!m.data.statutes.length) return out;
    // Within the governing statutes: BM25 over their articles only, below the key articles.
    const scores = new Float32Array(arts.length);
    index.scoreInto(query(full), scores);
    const own = ownArticles(m);
    let max = 1e-9;
    for (let i = 0; i < scores.length; i++) {
      if (!own[i]) scores[i] = 0;
      else if (scores[i] > max) max = scores[i];
    }
    for (const d of topK(scores, 5)) {
      if (scores[d] <= 0) break;
      const a = arts[d];
      const c = CONFIDENCE.within * (scores[d] / max) * scale;
      out.push(scored(a, c, m, ['法规内检索']));
    }
    return out;
  }

  function recommend(text: string, o: { title?: string; k?: number } = {}): MatterFirstResult {
    const r = recommendByPriors(text, o);
    if (evidence && model) {
      const full = o.title ? `${o.title}。${text}` : text;
      const ctx = { evidence, model, corpus, threshold, k: o.k ?? 5, text: full, tokenizer: opts.tokenizer };
      return withCitationModel(r, ctx);
    }
    return evidence ? withEvidence(r, evidence, corpus, threshold, o.k ?? 5) : r;
  }

  function recommendByPriors(text: string, o: { title?: string; k?: number } = {}): MatterFirstResult {
    const k = o.k ?? 5;
    const full = o.title ? `${o.title}。${text}` : text;
    const kind = letterKind(text, o.title);
    const found = grievanceFirst(matters.recognise(text, o.title), kind);
    const top = found[0];
    const matter: RecognisedMatter | undefined = top && {
      id: top.id,
      label: top.label,
      department: top.department,
      needsStatute: top.needsStatute,
      category: top.category,
      routes: top.routes,
      cues: top.cues,
    };
    const kindScale =
      kind === 'question'
        ? CONFIDENCE.question
        : kind === 'suggestion'
          ? CONFIDENCE.suggestion
          : kind === 'report'
            ? CONFIDENCE.report
            : kind === 'thanks'
              ? 0
              : 1;
    const pool = new Map<string, ScoredClause>();
    // A question about an entitlement the statute itself defines (入学, 社保, 安置), asked about one's own case,
    // keeps the full weight of an article whose own cue matched; other questions are answered by local policy.
    const ownQuestion = kind === 'question' && OWN_CASE.test(full) && Boolean(top?.data.questionsByStatute);
    found.slice(0, 2).forEach((m, i) => {
      // A second matter counts only beside a first one that itself needs a statute.
      if (!m.needsStatute || (i > 0 && !found[0].needsStatute)) return;
      const scale = matterCertainty(m, o.title) * kindScale * (i ? CONFIDENCE.secondMatter : 1);
      const specificScale = ownQuestion ? scale / kindScale : scale;
      for (const c of candidates(m, full, scale, specificScale)) {
        const key = `${c.lawId}#${c.article}`;
        if ((pool.get(key)?.confidence ?? -1) < c.confidence) pool.set(key, c);
      }
    });
    const ranked = [...pool.values()]
      .sort((a, b) => b.confidence - a.confidence)
      .map((c, i) => {
        const conf = c.confidence * (i ? CONFIDENCE.laterRank : 1);
        return { ...c, confidence: round(conf), score: round(conf) };
      })
      .sort((a, b) => b.confidence - a.confidence);
    const clauses = ranked.filter((c) => c.confidence >= threshold).slice(0, k);
    const reason = clauses.length ? undefined : abstainReason(top, kind);
    const others = found.slice(1, 3).map((m) => m.id);
    return {
      matter,
      kind,
      clauses,
      ranked,
      abstained: !clauses.length,
      ...(reason ? { reason } : {}),
      ...(others.length ? { others } : {}),
    };
  }

  return { recommend, matters, threshold };
}

/**
 * A complaint or report that names a matter with a governing statute is about that matter even when a broad matter
 * that needs none (公园, 垃圾, 车站: where it happened) has more cues; a question or suggestion keeps the broad one.
 * Whether anything is quoted is still the judged evidence's call (matter-evidence.ts).
 */
function grievanceFirst(found: MatterMatch[], kind: LetterKind): MatterMatch[] {
  if (!found.length || found[0].needsStatute || (kind !== 'complaint' && kind !== 'report')) return found;
  const i = found.findIndex((m) => m.needsStatute);
  return i < 0 ? found : [found[i], ...found.filter((_, j) => j !== i)];
}

function abstainReason(top: MatterMatch | undefined, kind: LetterKind): string {
  if (!top) return '未识别出常见信访事项，不推送法条，请人工判断适用的法律法规';
  if (!top.needsStatute) return `事项“${top.label}”通常无需引用实体法条`;
  if (kind === 'suggestion') return '来信属建议意见类，不推送实体法条';
  if (kind === 'question') return '来信属咨询类，推送法条的把握不足';
  if (kind === 'thanks') return '来信属感谢类，无需引用法条';
  return `事项“${top.label}”的要点条文与来信的具体情形对应不足`;
}

const round = (x: number) => Number(x.toFixed(3));

export type MatterFirst = ReturnType<typeof createMatterFirst>;
