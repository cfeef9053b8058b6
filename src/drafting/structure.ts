import type { DraftKind } from './types.ts';

/** One required element of a document, found by a pattern in the final text. */
interface Element {
  name: string;
  pattern: RegExp;
}

const CITATION = /《[^《》]+》第[零〇一二三四五六七八九十百千]+条/;

// Art. 32: request, facts and reasons, handling opinion with its legal basis, one outcome; Art. 35: review right.
const OPINION: Element[] = [
  { name: 'request', pattern: /投诉请求/ },
  { name: 'facts_and_reasons', pattern: /事实和理由/ },
  { name: 'opinion', pattern: /处理意见/ },
  { name: 'legal_basis', pattern: CITATION },
  { name: 'outcome', pattern: /予以支持|作出解释说明|不予支持/ },
  { name: 'review_right', pattern: /30日内[^。]*复查|复查[^。]*30日/ },
];

const REQUIRED: Record<DraftKind, Element[]> = {
  opinion: OPINION,
  acceptance: [
    { name: 'accepted', pattern: /予以受理/ },
    { name: 'legal_basis', pattern: CITATION },
  ],
  non_acceptance: [
    { name: 'not_accepted', pattern: /不予受理/ },
    { name: 'reason', pattern: /不予受理的理由/ },
    { name: 'way_forward', pattern: /救济途径/ },
    { name: 'legal_basis', pattern: CITATION },
  ],
  forwarding: [
    { name: 'receiver', pattern: /接收机关：\S+/ },
    { name: 'legal_basis', pattern: CITATION },
  ],
  suggestion_reply: [{ name: 'reply', pattern: /研究论证/ }],
  thanks: [{ name: 'thanks', pattern: /感谢/ }],
};

// A 【待核实：…】 or 【处理意见：…】 left in the text means staff have not yet stated what only they can state.
const PLACEHOLDER = /【(?:待核实|处理意见)：[^】]*】/;

/** Which required elements of its kind a document lacks (empty when complete); an open placeholder counts. */
export function missingElements(reply: string, kind: DraftKind): string[] {
  const missing = REQUIRED[kind].filter((e) => !e.pattern.test(reply.replace(PLACEHOLDER, ''))).map((e) => e.name);
  return PLACEHOLDER.test(reply) ? [...missing, 'placeholder'] : missing;
}

/** The outcome a 信访处理意见书 states, or undefined when none or more than one. */
export function statedOutcome(reply: string): '支持' | '解释说明' | '不予支持' | undefined {
  if (PLACEHOLDER.test(reply)) return undefined;
  const found = new Set<string>();
  if (/予以支持/.test(reply)) found.add('支持');
  if (/作出解释说明/.test(reply)) found.add('解释说明');
  if (/不予支持/.test(reply)) found.add('不予支持');
  return found.size === 1 ? ([...found][0] as '支持' | '解释说明' | '不予支持') : undefined;
}
