import { readFileSync } from 'node:fs';
import { createSegmenter, PETITION_DICT_PATH } from '../text/segment.ts';

/** Function words and legal boilerplate that match almost every article or question. */
const STOPWORDS = new Set(
  (
    '的 了 和 与 或 及 是 在 有 我 你 他 她 它 我们 他们 这 那 个 吗 呢 吧 啊 么 什么 怎么 怎么办 怎样 如何 请问 请 ' +
    '可以 应当 应该 能 能否 会 要 需要 就 都 也 还 又 被 把 对 向 从 由 为 以 于 其 之 等 但 而 并 如果 因为 所以 ' +
    '没有 不 没 一个 这个 那个 现在 已经 自己 本 该 规定 依照 按照 根据 有关 法律 法规 条例 本法 本条例 第 条 款 项 ' +
    '时候 情况 问题 一下 谢谢 您好 你好 多少 哪些 是否 还是 或者 以及 可能 知道 想 说 让 给 去 来 到 后 前 中 上 下'
  ).split(/\s+/),
);
const KEEP = /[\u4e00-\u9fffA-Za-z0-9]/;

export type Tokenizer = (text: string) => string[];

/**
 * jieba (text/segment.ts: default + petition dictionary) in search mode, so long words also yield their parts,
 * with extra dictionary words (the legal terms of the knowledge file).
 */
export function createTokenizer(extraWords: Iterable<string> = []): Tokenizer {
  const lines = [...new Set(extraWords)].filter((w) => w.length > 1).map((w) => `${w} 20000`);
  const segmenter = createSegmenter({ extraDict: lines.length ? lines.join('\n') + '\n' : undefined });
  return (text: string) => {
    const out: string[] = [];
    for (const t of segmenter.cutForSearch(text)) {
      if (!KEEP.test(t) || STOPWORDS.has(t) || /^\d+$/.test(t)) continue;
      out.push(t);
    }
    return out;
  };
}

/** What the tokens depend on besides the code: the extra words and the shared petition dictionary (cache key). */
export function tokenizerFingerprint(extraWords: Iterable<string>): string[] {
  return [...extraWords, readFileSync(PETITION_DICT_PATH, 'utf8')];
}
