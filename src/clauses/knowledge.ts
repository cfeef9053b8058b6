import { readFileSync } from 'node:fs';
import { z } from 'zod';

const TopicSchema = z.object({
  why: z.string().min(1),
  match: z.array(z.string().min(1)).min(1),
  terms: z.array(z.string()),
  laws: z.record(z.string(), z.number()),
  /** `lawId:第X条` references to articles the topic points at. */
  articles: z.array(z.string().regex(/^[^:]+:第.+条(之.+)?$/)),
});
export const KnowledgeSchema = z.object({
  /** Law key (the shipped corpus slug) → title, so that any LawRefBook folder can resolve the keys. */
  titles: z.record(z.string(), z.string()).default({}),
  categories: z.record(z.string(), z.record(z.string(), z.number())),
  topics: z.array(TopicSchema),
});
export type KnowledgeData = z.input<typeof KnowledgeSchema>;

export interface TopicMatch {
  why: string;
  terms: string[];
  laws: [string, number][];
  articles: { law: string; article: string }[];
}

export interface Knowledge {
  /** Topics whose patterns occur in the text, plus the category's law prior. */
  match(text: string, category?: string): TopicMatch[];
  /** Title for a law key, for corpora whose law ids are not the shipped slugs. */
  titleOf(lawKey: string): string | undefined;
  /** Legal terms jieba should keep whole. */
  dictionaryWords(): string[];
  readonly data: KnowledgeData;
}

/** Compiles the colloquial → legal term map, the law priors and the topic anchors. */
export function createKnowledge(data: KnowledgeData): Knowledge {
  const parsed = KnowledgeSchema.parse(data);
  const topics = parsed.topics.map((t) => ({
    re: new RegExp(t.match.join('|')),
    m: {
      why: t.why,
      terms: t.terms,
      laws: Object.entries(t.laws),
      articles: t.articles.map((r) => {
        const [law, article] = r.split(':');
        return { law, article };
      }),
    } satisfies TopicMatch,
  }));
  return {
    data: parsed,
    match(text, category) {
      const out = topics.filter((t) => t.re.test(text)).map((t) => t.m);
      const prior = category ? parsed.categories[category] : undefined;
      if (prior) out.push({ why: `分类:${category}`, terms: [], laws: Object.entries(prior), articles: [] });
      return out;
    },
    titleOf: (key) => parsed.titles[key],
    dictionaryWords: () => parsed.topics.flatMap((t) => t.terms),
  };
}

/** Loads a knowledge file (JSON in the shape of KnowledgeSchema). */
export function loadKnowledge(path: string): Knowledge {
  return createKnowledge(JSON.parse(readFileSync(path, 'utf8')) as KnowledgeData);
}

export const DEFAULT_KNOWLEDGE_PATH = new URL('./knowledge.json', import.meta.url).pathname;
let shipped: Knowledge | undefined;
/** The shipped knowledge file, read once on first use. */
export function defaultKnowledge(): Knowledge {
  return (shipped ??= loadKnowledge(DEFAULT_KNOWLEDGE_PATH));
}
