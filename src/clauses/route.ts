import type { Route } from './types.ts';
import { PROCEDURE_TITLES, ROUTE_RULES, XINFANG_LAW, XINFANG_LAW_ID, type RouteRule } from './route-rules.ts';
import { chineseToInt } from './numerals.ts';

export interface RouteOptions {
  /** Triage category: 劳动和社会保障 leans towards arbitration when the text is ambiguous. */
  category?: string;
}

export interface RouteResult extends Route {
  /** 信访工作条例 item, e.g. 第三十一条第（二）项. */
  basis: string;
  /** The cues found in the text. */
  cues: string[];
}

const ITEM: Record<string, string> = {
  litigation: '（一）',
  arbitration: '（二）',
  'party-appeal': '（三）',
  administrative: '（四）',
  duty: '（五）',
  investigation: '（六）',
};
const FALLBACK = ROUTE_RULES.find((r) => r.code === 'investigation')!;
/** A labour matter without stronger cues still goes to arbitration. */
const CATEGORY_NUDGE: Record<string, [string, number]> = { 劳动和社会保障: ['arbitration', 0.5] };

function scoreRule(rule: RouteRule, text: string): { score: number; cues: string[] } {
  let score = 0;
  const cues: string[] = [];
  for (const [re, w] of rule.cues) {
    const m = re.exec(text);
    if (m) {
      score += w;
      cues.push(m[0]);
    }
  }
  return { score, cues };
}

/** The handling route of a petition under 《信访工作条例》 Arts. 22, 29, 30, 31 (rules in route-rules.ts). */
export function routeFor(text: string, opts: RouteOptions = {}): RouteResult {
  let best = FALLBACK;
  let bestScore = 0;
  let bestCues: string[] = [];
  const nudge = opts.category ? CATEGORY_NUDGE[opts.category] : undefined;
  for (const rule of ROUTE_RULES) {
    const { score, cues } = scoreRule(rule, text);
    const total = score + (score > 0 && nudge?.[0] === rule.code ? nudge[1] : 0);
    if (total > bestScore) {
      best = rule;
      bestScore = total;
      bestCues = cues;
    }
  }
  return toRoute(best, bestCues);
}

function toRoute(rule: RouteRule, cues: string[]): RouteResult {
  const regulation = rule.regulation.map((h) => ({
    law: XINFANG_LAW,
    lawId: XINFANG_LAW_ID,
    article: h,
    number: chineseToInt(h.slice(1, -1)),
  }));
  const procedure = rule.procedure.map((ref) => {
    const [lawId, h] = ref.split(':');
    return { law: PROCEDURE_TITLES[lawId] ?? lawId, lawId, article: h, number: chineseToInt(h.slice(1, -1)) };
  });
  const item = ITEM[rule.code];
  return {
    code: rule.code,
    label: rule.label,
    article: rule.article,
    receiver: rule.receiver,
    basis: item ? `《${XINFANG_LAW}》${rule.article}第${item}项` : `《${XINFANG_LAW}》${rule.article}`,
    articles: [...regulation, ...procedure],
    cues,
  };
}

/** The route of a code (route-rules.ts), e.g. when the recognised matter settles it; undefined for an unknown code. */
export function routeByCode(code: string, cues: string[] = []): RouteResult | undefined {
  const rule = ROUTE_RULES.find((r) => r.code === code);
  return rule && toRoute(rule, cues);
}

/** Every route code with its label, for UIs and the API. */
export const ROUTES = ROUTE_RULES.map(({ code, label, article, receiver }) => ({ code, label, article, receiver }));
