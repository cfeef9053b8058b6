import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * The matters a petition office meets every week (matters.json): cues that recognise them, the statutes that
 * govern them, their key articles (each with the cue that makes it apply) and the receiving department.
 * Written from the statutes' own text in corpus/, not learned from any evaluation rows.
 */
const MatterArticleSchema = z.object({
  /** `lawSlug:第X条`. */
  ref: z.string().regex(/^[a-z0-9-]+:第.+条$/),
  /** Regex source: the article applies when this occurs in the petition ('' or absent: always). */
  when: z.string().optional(),
});
const MatterSchema = z.object({
  id: z.string().min(1),
  label: z.string().min(1),
  cues: z.array(z.string().min(1)).min(1),
  department: z.string().min(1),
  needsStatute: z.boolean(),
  statutes: z.array(z.string()),
  articles: z.array(MatterArticleSchema),
  /** Triage category the matter belongs to (absent: the classifier's label stands). */
  category: z.string().optional(),
  /** Handling routes that fit the matter (route-rules.ts codes); the first is the default. */
  routes: z.array(z.string()).min(1),
  /** Questions about this matter are answered from the statute itself (entitlements it defines: 入学, 社保, 安置). */
  questionsByStatute: z.boolean().optional(),
  note: z.string().optional(),
});
export const MattersSchema = z.object({
  version: z.number(),
  about: z.string(),
  matters: z.array(MatterSchema).min(1),
});
export type MatterData = z.infer<typeof MatterSchema>;

export interface MatterMatch {
  id: string;
  label: string;
  department: string;
  needsStatute: boolean;
  category?: string;
  routes: string[];
  /** 2 per cue found in the title, 1 per cue found only in the text. */
  score: number;
  cues: string[];
  data: MatterData;
}

export interface Matters {
  readonly list: MatterData[];
  /** Matters whose cues occur in the petition, best first. */
  recognise(text: string, title?: string): MatterMatch[];
  /** Key articles of a matter that apply to this petition: `when` matched or the core article (specific), or unconditional. */
  keyArticles(matter: MatterData, text: string): { law: string; article: string; specific: boolean }[];
  byId(id: string): MatterData | undefined;
}

export function createMatters(data: unknown): Matters {
  const parsed = MattersSchema.parse(data);
  const compiled = parsed.matters.map((m) => ({ m, res: m.cues.map((c) => new RegExp(c, 'i')) }));
  const whenRe = new Map<string, RegExp>();
  const when = (s: string) => whenRe.get(s) ?? (whenRe.set(s, new RegExp(s, 'i')), whenRe.get(s)!);
  return {
    list: parsed.matters,
    byId: (id) => parsed.matters.find((m) => m.id === id),
    recognise(text, title) {
      const out: MatterMatch[] = [];
      for (const { m, res } of compiled) {
        let score = 0;
        const cues: string[] = [];
        for (const re of res) {
          const inTitle = title ? re.exec(title) : null;
          const inText = inTitle ? null : re.exec(text);
          if (inTitle) score += 2;
          else if (inText) score += 1;
          const hit = inTitle ?? inText;
          if (hit) cues.push(hit[0]);
        }
        if (score > 0)
          out.push({
            id: m.id,
            label: m.label,
            department: m.department,
            needsStatute: m.needsStatute,
            category: m.category,
            routes: m.routes,
            score,
            cues,
            data: m,
          });
      }
      // A matter named in the title outranks one only mentioned; then the one with more cues. At equal weight a
      // matter with a governing statute outranks a broad one that needs none (公园, 停车场, 车站 are settings, not
      // the issue): the judged evidence then decides whether anything is quoted (matter-evidence.ts).
      return out.sort(
        (a, b) =>
          b.score - a.score ||
          Number(b.needsStatute) - Number(a.needsStatute) ||
          a.data.articles.length - b.data.articles.length,
      );
    },
    keyArticles(matter, text) {
      const out: { law: string; article: string; specific: boolean }[] = [];
      // The first unconditional article is the matter's core article: it governs every petition of the matter.
      let first = true;
      for (const a of matter.articles) {
        const [law, article] = a.ref.split(':');
        if (!a.when) {
          out.push({ law, article, specific: first });
          first = false;
        } else if (when(a.when).test(text)) out.push({ law, article, specific: true });
      }
      // Articles whose own cue matched come first (they speak to this petition), then the core article, then the rest.
      const core = out.find((a) => a.specific && !matter.articles.find((x) => x.ref === `${a.law}:${a.article}`)?.when);
      return [
        ...out.filter((a) => a.specific && a !== core),
        ...(core ? [core] : []),
        ...out.filter((a) => !a.specific),
      ];
    },
  };
}

export const MATTERS_PATH = new URL('./matters.json', import.meta.url).pathname;
let shipped: Matters | undefined;
/** The shipped matters.json, read once. */
export function defaultMatters(): Matters {
  return (shipped ??= createMatters(JSON.parse(readFileSync(MATTERS_PATH, 'utf8'))));
}
