import type { Route } from '../clauses/types.ts';
import type { Citation, DraftKind } from './types.ts';
import { ART31_ITEM_OF, receiverParts, routeKey, wayForward, type Outcome } from './route-kinds.ts';

/** An article placed in a document, quoted with its exact law title and heading. */
export interface QuotedArticle extends Citation {
  text: string;
  /** The corpus holds a superseded text of this law (manifest status 已被修订): staff must check it before sending. */
  superseded?: boolean;
}

/** Everything a document needs; built by code, with `summary`/`explanation` optionally phrased by a model. */
export interface DocumentParts {
  kind: DraftKind;
  petitionerName?: string;
  receivedOn?: string;
  today: string;
  topic: string;
  requests: string[];
  summary: string;
  explanation: string;
  route: Route;
  /** Recorded by staff (Art. 32); undefined → the 【处理意见：…】 placeholder. */
  outcome?: Outcome;
  /** Findings recorded by staff after investigating; undefined → the 【待核实：…】 placeholder. */
  findings?: string;
  basis: QuotedArticle[];
  toneOpening: string;
  office: string;
}

const REG = '信访工作条例';

export const TITLES: Record<DraftKind, string> = {
  acceptance: '受理告知书',
  non_acceptance: '不予受理告知书',
  forwarding: '转送告知书',
  opinion: '信访处理意见书',
  suggestion_reply: '建议意见答复函',
  thanks: '感谢信回复',
};

/** The procedural articles each document itself cites (always allowed, always real). */
export const TEMPLATE_ARTICLES: Record<DraftKind, string[]> = {
  acceptance: ['第二十三条', '第三十一条'],
  non_acceptance: ['第三十一条'],
  forwarding: ['第二十二条', '第二十三条'],
  opinion: ['第三十一条', '第三十二条', '第三十五条'],
  suggestion_reply: ['第二十九条'],
  thanks: [],
};

const OUTCOME_ITEM: Record<Outcome, string> = { 支持: '第一项', 解释说明: '第二项', 不予支持: '第三项' };

/** Visible placeholders for what only staff can state; a draft that still holds one cannot be approved. */
export const FINDINGS_PLACEHOLDER = '【待核实：有关机关、单位调查核实的事实】';
export const OUTCOME_PLACEHOLDER = '【处理意见：支持/解释说明/不予支持】';
export const PLACEHOLDER_PATTERN = /【(?:待核实|处理意见)：[^】]*】/;

function quote(a: QuotedArticle, max = 220): string {
  const t = a.text.replace(/\s+/g, '');
  const q = `《${a.law}》${a.article}规定：“${t.length > max ? `${t.slice(0, max)}……` : t}”`;
  // A placeholder blocks approval (structure.ts) until staff have checked the article against the text in force.
  return a.superseded ? `${q}${SUPERSEDED_NOTE}` : q;
}

/** After a quote from a law whose corpus text has been superseded: its numbers and wording may have changed. */
export const SUPERSEDED_NOTE =
  '【待核实：法规库中该法为已被修订的旧文本，请按现行有效文本核对；条号或内容已变的，请删去这段引文，只写“依照该法有关规定”（系统只接受法规库内的条号）】';

function header(p: DocumentParts): string[] {
  const who = p.petitionerName ? `${p.petitionerName}` : '信访人';
  const when = p.receivedOn ? `您于${p.receivedOn}` : '您';
  return [TITLES[p.kind], '', `${who}：`, '', `${when}反映的关于“${p.topic}”的信访事项已收悉。${p.toneOpening}`];
}

function footer(p: DocumentParts): string[] {
  return ['', '特此告知。', '', p.office, p.today];
}

function requestLines(p: DocumentParts): string[] {
  if (!p.requests.length) return [`请求有关部门依法处理您反映的“${p.topic}”${/问题$/.test(p.topic) ? '' : '问题'}。`];
  return p.requests.map((r, i) => `${i + 1}. ${r}`);
}

function basisLines(p: DocumentParts): string[] {
  return p.basis.map((a) => quote(a));
}

function opinionOutcome(p: DocumentParts): string {
  if (!p.outcome)
    return `处理意见：${OUTCOME_PLACEHOLDER}（由承办人员根据调查核实的事实，依照《${REG}》第三十二条选定一项并说明理由）。`;
  const item = `《${REG}》第三十二条${OUTCOME_ITEM[p.outcome]}`;
  if (p.outcome === '支持') {
    return `处理意见：经调查核实，您的请求事实清楚，符合上述规定。依照${item}的规定，本机关对您的请求予以支持，并将督促有关机关、单位依法执行。`;
  }
  if (p.outcome === '解释说明') {
    return `处理意见：您的请求事由可以理解，但缺乏明确的法律法规依据。依照${item}的规定，本机关对您的请求作出解释说明，具体如上所述。`;
  }
  return `处理意见：您的请求缺乏事实根据或者不符合法律、法规、规章或者其他有关规定。依照${item}的规定，本机关对您的请求不予支持。`;
}

function opinion(p: DocumentParts): string[] {
  return [
    ...header(p),
    `本机关依照《${REG}》第三十一条第六项的规定办理您反映的信访事项，现将处理意见告知如下：`,
    '',
    '一、信访人投诉请求',
    ...requestLines(p),
    '',
    '二、事实和理由',
    p.summary,
    `经调查核实：${p.findings ? p.findings.replace(/[。；;，,\s]+$/, '') + '。' : FINDINGS_PLACEHOLDER}`,
    p.explanation,
    '',
    '三、处理意见及法律法规依据',
    ...basisLines(p),
    `《${REG}》第三十二条规定：信访处理意见书应当载明信访人投诉请求、事实和理由、处理意见及其法律法规依据。`,
    opinionOutcome(p),
    '',
    '四、复查权利告知',
    `如您对本处理意见不服，可以自收到本意见书之日起30日内，向原办理机关、单位的上一级机关、单位请求复查（《${REG}》第三十五条）。`,
    ...footer(p),
  ];
}

function acceptance(p: DocumentParts): string[] {
  return [
    ...header(p),
    `经审查，该事项属于本机关职权范围。依照《${REG}》第二十三条的规定，本机关决定予以受理，现将有关事项告知如下：`,
    ...(routeKey(p.route) === 'duty'
      ? [
          `依照《${REG}》第三十一条第五项的规定，对申请查处违法行为、履行保护人身权或者财产权等合法权益职责的事项，本机关将依法履行职责或者予以答复。`,
        ]
      : []),
    ...(routeKey(p.route) === 'accusation'
      ? [`依照《${REG}》第三十条的规定，对检举控告类事项，本机关将依规依纪依法办理并予以反馈。`]
      : []),
    '',
    '一、您的主要请求',
    ...requestLines(p),
    '',
    '二、办理途径和程序',
    p.summary,
    p.explanation,
    ...(p.basis.length ? ['与您反映事项相关的主要规定：', ...basisLines(p)] : []),
    '本机关将依法调查核实、依法办理，并将办理结果书面答复您。办理期间如有新的情况，请及时与本机关联系。',
    ...footer(p),
  ];
}

function art31(p: DocumentParts): string {
  const item = ART31_ITEM_OF[routeKey(p.route)];
  return p.route.article === '第三十一条' && item ? `第三十一条${item}` : p.route.article;
}

function nonAcceptance(p: DocumentParts): string[] {
  const r = receiverParts(p.route);
  const receiver = r.name ? `（受理机关：${r.name}）` : '';
  return [
    ...header(p),
    `经审查，您反映的事项应当通过${wayForward(p.route)}解决。依照《${REG}》${art31(p)}的规定，本机关不予受理，请您通过上述途径依法提出。`,
    '',
    '一、您的主要请求',
    ...requestLines(p),
    '',
    '二、不予受理的理由',
    p.summary,
    p.explanation,
    ...basisLines(p),
    '',
    '三、救济途径',
    `请您依照有关法律、法规规定的程序提出${receiver}，依法维护自身合法权益。${r.note}需要法律帮助的，可以依法申请法律援助。`,
    ...footer(p),
  ];
}

function forwarding(p: DocumentParts): string[] {
  const r = receiverParts(p.route);
  const receiver = r.name || '有权处理的机关、单位';
  return [
    ...header(p),
    `经审查，您反映的事项不属于本机关职权范围。依照《${REG}》${p.route.article === '第二十三条' ? '第二十三条' : '第二十二条'}的规定，本机关已将该信访事项转送${receiver}依法办理。`,
    ...(routeKey(p.route) === 'accusation'
      ? [
          `依照《${REG}》第三十条的规定，检举控告类事项由纪检监察机关或者有权处理的机关、单位依规依纪依法接收、受理、办理和反馈。`,
        ]
      : []),
    '',
    '一、您的主要请求',
    ...requestLines(p),
    '',
    '二、转送去向',
    `接收机关：${receiver}。`,
    p.summary,
    p.explanation,
    ...basisLines(p),
    `${r.note}请您就该事项与${receiver}联系，由其依法处理并答复。`,
    ...footer(p),
  ];
}

function suggestionReply(p: DocumentParts): string[] {
  return [
    ...header(p),
    '',
    '一、您的建议意见',
    ...requestLines(p),
    '',
    '二、研究和回复',
    p.summary,
    p.explanation,
    ...basisLines(p),
    `依照《${REG}》第二十九条的规定，我们将对您的建议意见认真研究论证，对科学合理、具有现实可行性的，予以采纳或者部分采纳，并予以回复。`,
    ...footer(p).filter((l) => l !== '特此告知。'),
  ];
}

function thanks(p: DocumentParts): string[] {
  return [
    ...header(p),
    '感谢您对我们工作的肯定和鼓励。',
    p.summary,
    p.explanation,
    '我们将转达您的谢意，继续依法、及时、就地解决群众合理诉求，把工作做得更好。',
    '',
    p.office,
    p.today,
  ];
}

const BUILDERS: Record<DraftKind, (p: DocumentParts) => string[]> = {
  acceptance,
  non_acceptance: nonAcceptance,
  forwarding,
  opinion,
  suggestion_reply: suggestionReply,
  thanks,
};

/** Assembles the final document text for a kind; structure and outcome come from code only. */
export function composeDocument(p: DocumentParts): string {
  return BUILDERS[p.kind](p)
    .filter((l, i, all) => !(l === '' && all[i - 1] === '') && (l !== '' || i > 0))
    .filter((l) => l !== undefined)
    .join('\n')
    .replace(/\n{3,}/g, '\n\n');
}
