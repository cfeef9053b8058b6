import { fileURLToPath } from 'node:url';
import { loadCorpus } from '../../clauses/corpus.ts';
import type { ClauseHit, Corpus, Route } from '../../clauses/types.ts';
import type { EmotionResult } from '../../triage/types.ts';

/** Paths of the shipped corpus and prompts, for tests and scripts. */
export const CORPUS_DIR = fileURLToPath(new URL('../../../corpus', import.meta.url));
export const PROMPTS_DIR = fileURLToPath(new URL('../../../prompts', import.meta.url));

let cached: Corpus | undefined;
/** The shipped corpus, loaded once per process. */
export function shippedCorpus(): Corpus {
  cached ??= loadCorpus(CORPUS_DIR);
  return cached;
}

/** A ClauseHit for a real article, read from the corpus (throws when it does not exist). */
export function hitFor(corpus: Corpus, law: string, article: number | string, score = 1, reason = ['test']): ClauseHit {
  const a = corpus.getArticle(law, article);
  if (!a) throw new Error(`no article ${law} ${article}`);
  return { law: a.law, lawId: a.lawId, article: a.article, number: a.number, score, text: a.text, reason };
}

const reg = (article: string, number: number) => ({ law: '信访工作条例', article, number });

/** Hand-made routes with the codes of src/clauses/route-rules.ts. */
export const ROUTES = {
  investigation: {
    code: 'investigation',
    label: '申诉求决类：听取陈述、调查核实，出具信访处理意见书',
    article: '第三十一条',
    receiver: '有权处理的机关、单位',
    articles: [reg('第三十一条', 31), reg('第三十二条', 32), reg('第三十四条', 34)],
  },
  arbitration: {
    code: 'arbitration',
    label: '申诉求决类：通过仲裁解决（劳动人事争议仲裁）',
    article: '第三十一条',
    receiver: '劳动人事争议仲裁委员会',
    articles: [reg('第三十一条', 31), { law: '中华人民共和国劳动争议调解仲裁法', article: '第五条', number: 5 }],
  },
  litigation: {
    code: 'litigation',
    label: '涉法涉诉：通过诉讼、检察、公安法律程序处理（转送政法部门）',
    article: '第三十一条',
    receiver: '同级政法部门（人民法院、人民检察院、公安机关）',
    articles: [reg('第三十一条', 31), reg('第二十二条', 22)],
  },
  accusation: {
    code: 'accusation',
    label: '检举控告类：转送纪检监察机关依规依纪依法处理',
    article: '第三十条',
    receiver: '纪检监察机关（按照管理权限）',
    articles: [reg('第三十条', 30), reg('第二十二条', 22)],
  },
  duty: {
    code: 'duty',
    label: '申诉求决类：依法履行职责或者答复',
    article: '第三十一条',
    receiver: '负有法定职责的行政机关',
    articles: [reg('第三十一条', 31)],
  },
  suggestion: {
    code: 'suggestion',
    label: '建议意见类：认真研究论证并予以回复',
    article: '第二十九条',
    receiver: '有权处理的机关、单位',
    articles: [reg('第二十九条', 29)],
  },
  thanks: { code: 'thanks', label: '感谢表扬', article: '第二十三条', receiver: '本机关', articles: [] },
} satisfies Record<string, Route>;

/** An emotion result with one dominant label. */
export function emotionOf(label: EmotionResult['label'], intensity = 0.5): EmotionResult {
  const scores = { angry: 0, fear: 0, happy: 0, neutral: 0, sad: 0, surprise: 0 };
  scores[label] = 1;
  return { label, scores, intensity };
}

/** A wage petition written for the tests (no real person). */
export const WAGE_PETITION =
  '我叫张三，电话13812345678。我在某建筑公司打工，公司拖欠我2023年5月至12月工资共计3万元，多次讨要无果。要求公司尽快支付拖欠的工资。';

/** Wage-law articles a recommender would return for WAGE_PETITION. */
export function wageClauses(corpus: Corpus): ClauseHit[] {
  const why = ['拖欠', '工资', '支付', '劳动报酬'];
  return [
    hitFor(corpus, '劳动合同法', 30, 9, why),
    hitFor(corpus, '劳动法', 50, 8, why),
    hitFor(corpus, '保障农民工工资支付条例', 3, 5, why),
  ];
}
