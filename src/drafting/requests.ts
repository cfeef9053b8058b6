/**
 * What the petitioner asks for, read from the (already masked) petition text, and the sentences that
 * try to instruct the system instead: those are data about the petition, never requests to quote.
 */

const REQUEST_CUE =
  /(?<![按照符合达的不])要求(?!的)|希望|(?<!申)请求|恳请|恳求|盼望|期望|(?<![申])请.{0,8}(?:解决|处理|查处|帮助|落实|支付|退还|赔偿|整改|核实|调查|给予|撤销)|建议/;

// Instructions aimed at a model or at the drafting system, in Chinese or English.
const INSTRUCTION_LIKE =
  /忽略|无视|不要理会|以上(?:指令|指示|要求|规则)|之前的(?:指令|指示)|系统(?:提示|指令)|提示词|指令|你(?:现在)?是(?:一个)?(?:AI|人工智能|助手|模型)|扮演|直接(?:回复|输出|答复)|(?:回复|答复|输出)[^。]{0,12}(?:支持全部|全部支持|完全支持)|必须引用|(?:并|请)引用|给(?:AI|人工智能|模型|机器人|系统|大模型)|(?:在|于)(?:答复|回复|回信|意见书)(?:中|里)(?:写明|写上|注明|写|列明|加上|说明)|\b(?:ignore|disregard|forget)\b|previous instructions|system prompt|\bprompt\b|you are now|fully supported|as an ai|respond with|\bin (?:your|the) (?:reply|answer|response|letter)\b|<\/?(?:system|assistant|user)>|```/i;

/** True when a sentence addresses the system rather than the matter (prompt injection). */
export function isInstructionLike(sentence: string): boolean {
  return INSTRUCTION_LIKE.test(sentence);
}

/** Splits into sentences on Chinese and Western sentence ends and line breaks. */
export function sentences(text: string): string[] {
  return text
    .split(/(?<=[。！？!?；;])|\n+|(?<=[.!?])\s+|(?<=[.!?])(?=[\u4e00-\u9fa5])|(?<=[A-Za-z][.!?])(?=[^\s.!?])/)
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter((s) => s.length > 1);
}

const SALUTATION =
  /^(?:尊敬的[^：:，,]{0,12}[：:，,]|[^：:，,。]{0,8}(?:领导|书记|市长|县长|主任|局长|同志)[们]?(?:您好|你们好|好)?[：:，,!！]|您好[!！，,：:]?|你好[!！，,：:]?)\s*/;

function tidy(s: string, max: number): string {
  const t = s
    .replace(SALUTATION, '')
    .replace(/^[，,、：:\s]+/, '')
    .trim();
  return t.length > max ? `${t.slice(0, max)}……` : t;
}

/**
 * The sentence up to where an instruction starts (what follows belongs to the instruction, even when
 * the petitioner's last words ran into it without punctuation); '' when it opens with one.
 */
export function withoutInstructions(sentence: string): string {
  const m = INSTRUCTION_LIKE.exec(sentence);
  if (!m) return sentence;
  const kept = sentence
    .slice(0, m.index)
    .replace(/[【[(（“"'「<\s]+$/, '')
    .replace(/[，,：:、；;\s]+$/, '');
  return kept.length >= 4 ? `${kept}。` : '';
}

// Outcome formulas belong to the code-written opinion line; in the petitioner's own words they are plain verbs.
const OUTCOME_FORMULAS: [RegExp, string][] = [
  [/不予支持/g, '不支持'],
  [/予以支持/g, '支持'],
  [/作出解释说明/g, '解释说明'],
];

/** Petition-derived text with the document's outcome formulas reduced to plain words. */
export function neutraliseOutcomes(s: string): string {
  return OUTCOME_FORMULAS.reduce((t, [re, to]) => t.replace(re, to), s);
}

/** Up to `limit` request sentences (要求/希望/请求/恳请 …), instruction-like ones left out. */
export function extractRequests(text: string, limit = 4): string[] {
  const out: string[] = [];
  for (const s of sentences(neutraliseOutcomes(text)).map(withoutInstructions)) {
    if (!REQUEST_CUE.test(s) || isInstructionLike(s)) continue;
    const r = readable(s);
    if (!r) continue;
    const t = tidy(requestClause(r), 120);
    if (t.length >= 4 && !out.includes(t)) out.push(t);
    if (out.length >= limit) break;
  }
  return out;
}

/**
 * In a long run-on sentence, the clause that asks (from the request cue to the clause's end), so a
 * request reads as a request rather than the whole story: '…居民不堪其扰，要求店主解决问题，店主…' → '要求店主解决问题'.
 */
function requestClause(s: string): string {
  if (s.length <= 60) return s;
  const parts = s.split(/(?<=[，,；;])/);
  const i = parts.findIndex((p) => REQUEST_CUE.test(p));
  if (i < 0) return s;
  const out = parts[i];
  return out.replace(/[，,；;、\s]+$/, '') + (/[。！？!?]$/.test(out) ? '' : '。');
}

const PLACEHOLDER = /\[(?:姓名|身份证号|手机号|电话|地址|银行卡号|邮箱)\d+\]/g;

/** A sentence for a reader: masked personal data shown as ××, identity-only sentences dropped. */
function readable(s: string): string | undefined {
  if (!PLACEHOLDER.test(s)) return s;
  PLACEHOLDER.lastIndex = 0;
  const rest = s
    .replace(PLACEHOLDER, '')
    .replace(/我叫|本人|姓名|联系人|电话|手机|邮箱|联系方式|身份证号?码?|住址|地址|家住|卡号|[，,。：:；;\s]/g, '');
  return rest.length < 8 ? undefined : s.replace(PLACEHOLDER, '××');
}

/**
 * The first sentences of the petition as a short statement of what it reports: instruction-like and
 * identity-only sentences left out, request sentences only when nothing else is said.
 */
export function summarise(text: string, maxChars = 160): string {
  const all = sentences(neutraliseOutcomes(text))
    .map(withoutInstructions)
    .filter((s) => s.length > 1 && !isInstructionLike(s));
  const facts = all.filter((s) => !REQUEST_CUE.test(s));
  let out = '';
  for (const s of facts.length ? facts : all) {
    const r = readable(s);
    if (!r) continue;
    const t = tidy(r, maxChars);
    if (t.length < 4) continue;
    if (out && out.length + t.length > maxChars) break;
    out += t;
    if (out.length >= maxChars) break;
  }
  return out;
}
