import type { Route } from '../clauses/types.ts';
import type { DraftInput, DraftKind } from './types.ts';

/**
 * Route code → document kind (信访工作条例 Arts. 22, 23, 29, 31, 36). The codes are those of the clause
 * recommender's routes; aliases cover spellings with the item number (e.g. `art31-2`).
 *
 * | route                                   | document                      | why                                             |
 * |-----------------------------------------|-------------------------------|-------------------------------------------------|
 * | 31(1) litigation / procuratorate / police | non_acceptance (不予受理告知书) | 诉访分离: the way forward is the legal procedure |
 * | 31(2) arbitration                       | non_acceptance                | way forward: apply for arbitration              |
 * | 31(3) party-member appeal, 复审          | non_acceptance                | way forward: that procedure                     |
 * | 31(4) administrative procedure           | non_acceptance                | way forward: 复议 / 裁决 / 确认 / 许可 / 处罚      |
 * | 31(5) duty to act or answer              | acceptance (受理告知书)         | the office accepts and acts                     |
 * | 31(6) investigation                      | opinion (信访处理意见书)        | Art. 32                                         |
 * | 22 / 23 forwarding (政法, 纪检监察, other) | forwarding (转送告知)          | names the receiver                              |
 * | 29 suggestion                            | suggestion_reply              | 建议意见类                                       |
 * | praise / thanks                          | thanks                        |                                                 |
 * | 36 closed after 复核                      | non_acceptance                | same facts and reasons are not accepted again   |
 * | anything else                            | acceptance                    | a receipt promises nothing beyond the law       |
 */
export const ROUTE_KIND: Record<string, DraftKind> = {
  litigation: 'non_acceptance',
  arbitration: 'non_acceptance',
  party_appeal: 'non_acceptance',
  administrative: 'non_acceptance',
  duty: 'acceptance',
  opinion: 'opinion',
  investigation: 'opinion',
  forward: 'forwarding',
  forward_legal: 'forwarding',
  forward_discipline: 'forwarding',
  suggestion: 'suggestion_reply',
  thanks: 'thanks',
  praise: 'thanks',
  closed: 'non_acceptance',
};

// Item number of Art. 31 → kind, for codes such as art31-2, 31.2, 31(2).
const ART31_ITEM: Record<string, DraftKind> = {
  '1': 'non_acceptance', '2': 'non_acceptance', '3': 'non_acceptance', '4': 'non_acceptance', '5': 'acceptance', '6': 'opinion',
};

const ART_KIND: Record<string, DraftKind> = {
  第二十二条: 'forwarding',
  第二十三条: 'forwarding',
  第二十九条: 'suggestion_reply',
  第三十六条: 'non_acceptance',
};

/** The document a route calls for, by code, then by the Art. 31 item, then by its governing article and label. */
export function kindForRoute(route: Route): DraftKind {
  const code = route.code.toLowerCase();
  const base = code.split(/[:/]/)[0];
  if (ROUTE_KIND[base]) return ROUTE_KIND[base];
  const prefix = Object.keys(ROUTE_KIND).find((k) => base.startsWith(k));
  if (prefix) return ROUTE_KIND[prefix];
  const item = /31\D?(\d)/.exec(code)?.[1];
  if (item && ART31_ITEM[item]) return ART31_ITEM[item];
  if (ART_KIND[route.article]) return ART_KIND[route.article];
  const label = route.label;
  if (/意见书|第六项|调查核实/.test(label)) return 'opinion';
  if (/转送|转交|交办/.test(label)) return 'forwarding';
  if (/建议/.test(label)) return 'suggestion_reply';
  if (/感谢|表扬/.test(label)) return 'thanks';
  if (/诉讼|仲裁|复议|申诉|复审|行政程序|裁决|不予受理|不再受理/.test(label)) return 'non_acceptance';
  return 'acceptance';
}

export const OUTCOMES = ['支持', '解释说明', '不予支持'] as const;
export type Outcome = (typeof OUTCOMES)[number];

const OUTCOME_CODES: Record<string, Outcome> = { support: '支持', explain: '解释说明', reject: '不予支持' };

// Statutes that govern the petition procedure itself: citing them is not a substantive legal basis.
const PROCEDURAL_LAWS = /信访/;

/**
 * The outcome of a 信访处理意见书 (Art. 32), decided by code and never by the model or the petition text:
 * an explicit outcome in the route code (`opinion:support|explain|reject`, set by staff after investigation)
 * wins; otherwise a substantive legal basis among the retrieved articles → 支持 (Art. 32 (1)), none →
 * 解释说明 (Art. 32 (2): reasonable but without legal basis). 不予支持 (Art. 32 (3)) needs the staff's finding.
 */
export function decideOutcome(input: Pick<DraftInput, 'route' | 'clauses'>): Outcome {
  const suffix = input.route.code.toLowerCase().split(':')[1];
  if (suffix && OUTCOME_CODES[suffix]) return OUTCOME_CODES[suffix];
  return substantiveClauses(input.clauses).length ? '支持' : '解释说明';
}

/** Retrieved articles that are not procedural 信访 rules, best first. */
export function substantiveClauses<T extends { law: string; score: number }>(clauses: T[]): T[] {
  return clauses.filter((c) => !PROCEDURAL_LAWS.test(c.law)).sort((a, b) => b.score - a.score);
}
