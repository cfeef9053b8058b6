import type { ClauseHit, Corpus, Route } from '../clauses/types.ts';
import { DRAFT_THRESHOLD, MAX_DRAFT_ARTICLES } from '../clauses/matter-first.ts';
import type { EmotionResult } from '../triage/types.ts';
import type { Citation, DraftInput, DraftKind } from './types.ts';
import { TEMPLATE_ARTICLES, type QuotedArticle } from './documents.ts';
import { citationKey, dedupe } from './citations.ts';
import { receiverParts, routeKey, substantiveClauses, wayForward, type Outcome } from './route-kinds.ts';
import { isInstructionLike, neutraliseOutcomes, summarise } from './requests.ts';

const REG = '信访工作条例';
/** Manifest status of a law whose newer text the corpus lacks (治安管理处罚法 2012, revised in 2025). */
const SUPERSEDED = '已被修订';
/** A draft quotes at most three substantive articles (issue 16); of the recommender's scored ones, MAX_DRAFT_ARTICLES. */
export const MAX_BASIS = 3;
/** Confidence an article needs before a draft cites it (the matter-first recommender's draft threshold). */
export const BASIS_MIN_CONFIDENCE = DRAFT_THRESHOLD;

/** Retrieved articles checked against the corpus: those that do not exist are dropped and reported. */
export function verifiedClauses(clauses: ClauseHit[], corpus?: Corpus): { kept: ClauseHit[]; removed: Citation[] } {
  const kept: ClauseHit[] = [];
  const removed: Citation[] = [];
  for (const c of clauses) {
    const a = corpus ? corpus.getArticle(c.law, c.article) : undefined;
    if (corpus && !a) removed.push({ law: c.law, article: c.article });
    else kept.push(a ? { ...c, law: a.law, text: a.text } : c);
  }
  return { kept, removed };
}

/**
 * The articles a document quotes as its legal basis: substantive articles at or above BASIS_MIN_CONFIDENCE, at
 * most MAX_DRAFT_ARTICLES of the recommender's scored ones (articles without a confidence come from callers that
 * chose them, e.g. a model or tests: at most MAX_BASIS), none when the matter needs no statute.
 * The route's procedure article of another statute (仲裁, 诉讼, 复议) is not quoted, offline or by a model: the way
 * forward is stated in words (route-kinds.ts). Judged on every set to date (round 21), 民事诉讼法第二百一十条 (再审) was
 * 0 in 36 of 38 drafts and 劳动争议调解仲裁法第五条 2 in only 47 of 127; on the fifth written set all five citations
 * judged 0 in offline drafts were that 第二百一十条. The model path stopped quoting them in round 16 (0 in 16 of 27).
 */
export function pickBasis(
  kind: DraftKind,
  clauses: ClauseHit[],
  corpus?: Corpus,
  needsStatute = true,
): QuotedArticle[] {
  if (kind === 'thanks') return [];
  const max = clauses.some((c) => c.confidence !== undefined) ? MAX_DRAFT_ARTICLES : MAX_BASIS;
  const substantive = needsStatute
    ? substantiveClauses(
        clauses.filter((c) => c.confidence === undefined || c.confidence >= BASIS_MIN_CONFIDENCE),
      ).slice(0, max)
    : [];
  const superseded = (law: string) => corpus?.findLaw(law)?.status === SUPERSEDED;
  const list = substantive.map((c) => ({
    law: c.law,
    article: c.article,
    text: c.text,
    ...(superseded(c.law) ? { superseded: true } : {}),
  }));
  const seen = new Set<string>();
  return list.filter((a) => (seen.has(citationKey(a)) ? false : (seen.add(citationKey(a)), true))).slice(0, MAX_BASIS);
}

/** Everything a draft of this kind may cite: the retrieved set, the route's articles and the template's own. */
export function allowedCitations(kind: DraftKind, clauses: Citation[], route: Route, corpus?: Corpus): Citation[] {
  const reg = corpus?.findLaw(REG)?.title ?? REG;
  const own = routeKey(route) === 'accusation' && (kind === 'acceptance' || kind === 'forwarding') ? ['第三十条'] : [];
  const template = [...TEMPLATE_ARTICLES[kind], ...own, ...(/信访/.test(route.article) ? [] : [route.article])]
    .filter((a) => /^第.+条$/.test(a))
    .map((article) => ({ law: reg, article }));
  return dedupe([
    ...clauses.map((c) => ({ law: c.law, article: c.article })),
    ...route.articles.map((a) => ({ law: a.law, article: a.article })),
    ...template,
  ]);
}

/** A short topic for the document's first line: the title unless it is empty or instruction-like. */
export function topicOf(maskedTitle: string | undefined, maskedText: string): string {
  const title = maskedTitle ? neutraliseOutcomes(maskedTitle).trim() : undefined;
  const t = title && !isInstructionLike(title) ? title : summarise(maskedText, 30);
  return (
    (t || '来信反映的问题')
      .replace(/\[(?:姓名|身份证号|手机号|电话|地址|银行卡号|邮箱)\d+\]/g, '××')
      .replace(/^(?:关于|投诉|反映|举报|咨询|请求|建议|要求)+/, '')
      .replace(/^关于/, '')
      .replace(/“([^”]*)”/g, '‘$1’')
      .replace(/"([^"]*)"/g, '‘$1’')
      .replace(/(?:的|有关问题的|问题的)?(?:反映|投诉|建议|咨询|求助)$/, '')
      .replace(/[。！？!?]+$/, '') || '来信反映的问题'
  );
}

/** One calm opening sentence for the petitioner's state of mind; never a promise. */
export function toneOpening(emotion: EmotionResult): string {
  if (emotion.label === 'angry') return '我们理解您的心情，感谢您通过信访渠道反映问题。';
  if (emotion.label === 'sad' || emotion.label === 'fear') return '我们理解您遇到的困难和担忧，感谢您对我们的信任。';
  if (emotion.label === 'happy') return '感谢您对我们工作的信任和支持。';
  return '感谢您对我们工作的信任。';
}

/** Tone guidance for a model, from the emotion label and intensity. */
export function toneGuidance(emotion: EmotionResult): string {
  const strong = emotion.intensity >= 0.6 ? '情绪较为强烈，' : '';
  const base = '语气平和、尊重、客观，不作超出法律规定的承诺，不使用刺激性或推诿性语言。';
  if (emotion.label === 'angry') return `信访人${strong}带有不满情绪：先表示理解，再说明依据，${base}`;
  if (emotion.label === 'sad' || emotion.label === 'fear')
    return `信访人${strong}感到困难或担忧：体现关心，说明可以获得帮助的途径，${base}`;
  return base;
}

/**
 * The code-written summary and explanation used offline (and whenever a model answer is not used). It states
 * only what is known: what the petitioner wrote, the applicable rules, and what the office will do; findings
 * and the outcome come from staff (placeholders in documents.ts until they are recorded).
 */
export function offlineSections(
  kind: DraftKind,
  outcome: Outcome | undefined,
  route: Route,
  basis: QuotedArticle[],
  maskedText: string,
) {
  const said = summarise(maskedText);
  const summary = said ? `您反映：${said.replace(/[，,；;：:、]+$/, '')}${/[。！？!?.…]$/.test(said) ? '' : '。'}` : '';
  const laws = [...new Set(basis.map((b) => `《${b.law}》`))].join('、');
  const receiver = receiverParts(route).name || '有权处理的机关、单位';
  const opinion: Record<Outcome, string> = {
    支持: `您反映的问题涉及${laws || '有关法律法规'}的规定，有关机关、单位应当依法履行相应职责。`,
    解释说明:
      '您的请求事由可以理解，但目前缺乏明确的法律法规依据，现将有关政策和情况说明如下，您也可以通过其他合法途径反映。',
    不予支持: '您的请求缺乏事实根据或者不符合法律、法规、规章或者其他有关规定。',
  };
  const explanation: Record<DraftKind, string> = {
    opinion: outcome ? opinion[outcome] : '',
    acceptance: basis.length ? `您反映的问题涉及${laws}的有关规定，本机关将依法调查核实。` : '本机关将依法调查核实。',
    non_acceptance: `您反映的事项依法应当通过${wayForward(route)}解决，由${receiver}依照法定程序处理。`,
    forwarding: `按照“属地管理、分级负责，谁主管、谁负责”的原则，该事项由${receiver}依法处理。`,
    suggestion_reply: '您的建议意见已转交有关部门研究。',
    thanks: '您的来信已转达有关单位和工作人员。',
  };
  return { summary, explanation: explanation[kind] };
}

/** Prompt variables for a kind: exactly the slots its template has. */
export function promptVars(
  kind: DraftKind,
  v: {
    document: string;
    route: string;
    outcome: string;
    articles: string;
    tone: string;
    requests: string;
    petition: string;
  },
) {
  if (kind === 'thanks') return { document: v.document, route: v.route, tone: v.tone, petition: v.petition };
  if (kind === 'opinion') return v;
  const { outcome: _unused, ...rest } = v;
  return rest;
}

/** The route as the model sees it. */
export function describeRoute(route: Route): string {
  return `${route.label}（《${REG}》${route.article}）；接收机关：${route.receiver || '本机关'}`;
}

export type DraftParts = Pick<DraftInput, 'text'>;
