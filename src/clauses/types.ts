/** One article of a statute, as parsed from LawRefBook Markdown. */
export interface Article {
  /** Statute title as written in its `#` line, e.g. 中华人民共和国劳动合同法. */
  law: string;
  /** Stable id of the statute: the file's slug, e.g. laodong-hetong-fa. */
  lawId: string;
  /** Heading as written, e.g. 第三十九条 or 第一百二十条之一. */
  article: string;
  /** Integer article number (之一 variants share their base number). */
  number: number;
  chapter: string;
  text: string;
  status: string;
}

export interface Law {
  id: string;
  title: string;
  level?: string;
  status: string;
  articles: Article[];
}

export interface Corpus {
  laws: Law[];
  articles: Article[];
  /** Finds a law by id or by title (with or without the 中华人民共和国 prefix, with or without 《》). */
  findLaw(lawOrTitle: string): Law | undefined;
  /** Finds one article by law (id or title) and number or heading. */
  getArticle(law: string, numberOrHeading: number | string): Article | undefined;
}

export interface ClauseHit {
  law: string;
  lawId: string;
  article: string;
  number: number;
  score: number;
  text: string;
  /** Why it was recommended: the matched terms, and a law prior if one applied. */
  reason: string[];
  /** Estimated probability that a legal officer would cite it (matter-first recommender; see matter-first.ts). */
  confidence?: number;
}

/** The handling route of 信访工作条例 Art. 31 (and Arts. 22, 29). */
export interface Route {
  code: string;
  label: string;
  /** The governing article of 信访工作条例, e.g. 第三十一条. */
  article: string;
  receiver: string;
  /** Governing articles of 信访工作条例 first, then procedural articles of other statutes. */
  articles: { law: string; lawId?: string; article: string; number: number }[];
}

export interface SimilarCase {
  id: string;
  title: string;
  category: string;
  holding: string;
  score: number;
}
