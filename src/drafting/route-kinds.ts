import type { Route } from '../clauses/types.ts';
import type { DraftInput, DraftKind, ScreeningDecision } from './types.ts';

/**
 * Route code → document kind (信访工作条例 Arts. 22, 23, 29, 31, 36). The codes are those of the clause
 * recommender's routes; aliases cover spellings with the item number (e.g. `art31-2`).
 *
 * | route code (src/clauses/route-rules.ts)      | document                       | why                                              |
 * |----------------------------------------------|--------------------------------|--------------------------------------------------|
 * | litigation (31(1), 涉法涉诉)                   | forwarding (转送告知书)          | Art. 22: 涉法涉诉 go to the 政法部门, named        |
 * | accusation (30, 检举控告)                      | forwarding                     | Art. 22: to 纪检监察机关, named                    |
 * | arbitration (31(2))                          | non_acceptance (不予受理告知书)  | 诉访分离: the way forward is arbitration           |
 * | party-appeal (31(3))                         | non_acceptance                 | way forward: 党员申诉 / 复审                        |
 * | administrative (31(4))                       | non_acceptance                 | way forward: 复议 / 裁决 / 确认 / 许可 / 处罚         |
 * | duty (31(5))                                 | acceptance (受理告知书)          | the office accepts and acts or answers           |
 * | investigation (31(6))                        | opinion (信访处理意见书)         | Art. 32                                          |
 * | suggestion (29)                              | suggestion_reply               | 建议意见类                                        |
 * | thanks / praise                              | thanks                         |                                                  |
 * | closed (36, after 复核)                       | non_acceptance                 | same facts and reasons are not accepted again    |
 * | anything else                                | by Art. 31 item, article, label; else acceptance (a receipt promises nothing) |
 */
export const ROUTE_KIND: Record<string, DraftKind> = {
  litigation: 'forwarding',
  accusation: 'forwarding',
  arbitration: 'non_acceptance',
  party_appeal: 'non_acceptance',
  administrative: 'non_acceptance',
  duty: 'acceptance',
  investigation: 'opinion',
  opinion: 'opinion',
  forward: 'forwarding',
  forwarding: 'forwarding',
  suggestion: 'suggestion_reply',
  thanks: 'thanks',
  praise: 'thanks',
  closed: 'non_acceptance',
};

/** The Art. 31 item of each route code, cited as 第三十一条第X项. */
export const ART31_ITEM_OF: Record<string, string> = {
  litigation: '第一项',
  arbitration: '第二项',
  party_appeal: '第三项',
  administrative: '第四项',
  duty: '第五项',
  investigation: '第六项',
  opinion: '第六项',
};

// The legal procedure a 不予受理告知书 points to, in words that fit 「应当通过……解决」.
const WAY: Record<string, string> = {
  litigation: '诉讼、检察、公安等法律程序',
  arbitration: '劳动人事争议仲裁等法定途径',
  party_appeal: '党员申诉、申请复审等程序',
  administrative: '行政复议、行政裁决、行政确认、行政许可、行政处罚等行政程序',
  closed: '法定程序（同一事实和理由经复核后不再受理）',
};

/** The normalised code of a route: lower case, `party-appeal` → `party_appeal`, any `:outcome` suffix dropped. */
export function routeKey(route: Route): string {
  return route.code.toLowerCase().split(/[:/]/)[0].replace(/-/g, '_');
}

/**
 * The receiving body as a name that fits inside a sentence (「转送X依法办理」), and any further advice as a
 * sentence of its own: '劳动人事争议仲裁委员会；拖欠工资可向…投诉' → name + '拖欠工资的，也可以向…投诉。'.
 */
export function receiverParts(route: Route): { name: string; note: string } {
  const [first, ...rest] = (route.receiver ?? '')
    .split(/[；;]/)
    .map((x) => x.trim())
    .filter(Boolean);
  const name = (first ?? '').replace(/（[^）]*）/g, '').trim();
  const note = rest
    .map((x) => x.replace(/^(拖欠工资|欠薪)可向/, '拖欠工资的，也可以向').replace(/[。.]$/, ''))
    .map((x) => `${x}。`)
    .join('');
  return { name, note };
}

/** The procedure a petition should go through, for the non-acceptance notice. */
export function wayForward(route: Route): string {
  return (
    WAY[routeKey(route)] ??
    (route.label.split('：').pop() ?? route.label).replace(/（.*?）/g, '').replace(/^通过|(?:解决|处理)$/g, '')
  );
}

// Item number of Art. 31 → kind, for codes such as art31-2, 31.2, 31(2).
const ART31_ITEM: Record<string, DraftKind> = {
  '1': 'non_acceptance',
  '2': 'non_acceptance',
  '3': 'non_acceptance',
  '4': 'non_acceptance',
  '5': 'acceptance',
  '6': 'opinion',
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
  const base = routeKey(route);
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
/** 信访工作条例 and its like: the template quotes their articles; they are never the substantive basis. */
export const isProcedural = (law: string) => PROCEDURAL_LAWS.test(law);

/**
 * The outcome of a 信访处理意见书 (Art. 32) is decided by people, never by code or a model: the one staff
 * recorded on the case (DraftInput.outcome, issue 18), else an explicit outcome in the route code
 * (`investigation:support|explain|reject`), else none, and the draft shows the 【处理意见：…】 placeholder.
 */
export function decideOutcome(input: Pick<DraftInput, 'route'> & { outcome?: Outcome }): Outcome | undefined {
  if (input.outcome) return input.outcome;
  const suffix = input.route.code.toLowerCase().split(':')[1];
  return suffix ? OUTCOME_CODES[suffix] : undefined;
}

/**
 * The document a petition gets follows the screening decision (甄别, Arts. 22–23) first and the route second:
 * not accepted → 不予受理告知书; forwarded → 转送告知书; accepted → never a 不予受理告知书 or 转送告知书: the
 * route's own kind when it is one of acceptance / opinion / suggestion reply / thanks, else a 受理告知书, and a
 * 信访处理意见书 once staff have recorded the outcome. Without a decision, the route decides (kindForRoute).
 */
export function kindFor(route: Route, decision?: ScreeningDecision, outcomeRecorded = false): DraftKind {
  if (decision === 'not_accepted') return 'non_acceptance';
  if (decision === 'forwarded') return 'forwarding';
  const byRoute = kindForRoute(route);
  if (decision !== 'accepted') return byRoute;
  if (outcomeRecorded) return byRoute === 'suggestion_reply' || byRoute === 'thanks' ? byRoute : 'opinion';
  return byRoute === 'non_acceptance' || byRoute === 'forwarding' ? 'acceptance' : byRoute;
}

/** The kind a staff member's edited heading names (受理告知书, 转送告知书 …), or undefined when none does. */
export function kindFromHeading(reply: string): DraftKind | undefined {
  const head = reply.trim().split('\n')[0]?.trim() ?? '';
  return HEADINGS.find(([re]) => re.test(head))?.[1];
}
const HEADINGS: [RegExp, DraftKind][] = [
  [/不予受理告知书/, 'non_acceptance'],
  [/受理告知书/, 'acceptance'],
  [/转送告知书|转交告知书/, 'forwarding'],
  [/处理意见书/, 'opinion'],
  [/建议意见答复|建议答复/, 'suggestion_reply'],
  [/感谢信/, 'thanks'],
];

/** Retrieved articles that are not procedural 信访 rules, best first. */
export function substantiveClauses<T extends { law: string; score: number }>(clauses: T[]): T[] {
  return clauses.filter((c) => !PROCEDURAL_LAWS.test(c.law)).sort((a, b) => b.score - a.score);
}
