import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { AnalyzeInputSchema, DraftRequestSchema, RecommendInputSchema } from '../../analysis/schemas.ts';
import { notFound } from '../../errors.ts';
import type { Deps } from '../app-deps.ts';
import type { AppEnv } from '../app-env.ts';
import { AnalysisSchema, ClauseSchema } from '../analysis-schemas.ts';
import { toApi } from '../casing.ts';
import { ERRORS, jsonBody, ok } from '../schemas.ts';

const DraftSchema = z
  .object({
    reply: z.string(),
    kind: z.string(),
    citations: z.array(z.object({ law: z.string(), article: z.string() })),
    removed_citations: z.array(z.object({ law: z.string(), article: z.string() })),
    provider: z.string(),
    fallback_reason: z.string().optional(),
    /** model: the configured model chose the quoted articles among the candidates; threshold: the offline rule. */
    articles_by: z.enum(['model', 'threshold']).optional(),
    selection_fallback_reason: z.string().optional(),
  })
  .openapi('Draft');

const routes = {
  analyze: createRoute({
    method: 'post',
    path: '/v1/analyze',
    operationId: 'analyzeText',
    tags: ['pilot contract'],
    summary: 'Emotion, category, risk, route and recommended clauses for a petition text (nothing is stored)',
    request: jsonBody(AnalyzeInputSchema),
    responses: { 200: ok(AnalysisSchema, 'The analysis'), 400: ERRORS[400], 413: ERRORS[413], 415: ERRORS[415] },
  }),
  draft: createRoute({
    method: 'post',
    path: '/v1/draft',
    operationId: 'draftReply',
    tags: ['pilot contract'],
    summary: 'Draft a reply for a petition text, citing only recommended articles (nothing is stored)',
    request: jsonBody(DraftRequestSchema),
    responses: { 200: ok(DraftSchema, 'The draft'), 400: ERRORS[400], 413: ERRORS[413], 415: ERRORS[415] },
  }),
  recommend: createRoute({
    method: 'post',
    path: '/v1/clauses/recommend',
    operationId: 'recommendClauses',
    tags: ['pilot contract'],
    summary: 'Ranked statute articles for a text, with the matched terms as the reason',
    request: jsonBody(RecommendInputSchema),
    responses: {
      200: ok(z.object({ clauses: z.array(ClauseSchema) }), 'Ranked articles'),
      400: ERRORS[400],
      415: ERRORS[415],
    },
  }),
  article: createRoute({
    method: 'get',
    path: '/v1/clauses/{law}/{number}',
    operationId: 'getClause',
    tags: ['clauses'],
    summary: 'One article by statute (id or title) and number (integer or heading such as 第三十九条)',
    request: { params: z.object({ law: z.string().min(1).max(200), number: z.string().min(1).max(20) }) },
    responses: {
      200: ok(
        z.object({
          law: z.string(),
          law_id: z.string(),
          article: z.string(),
          number: z.number(),
          chapter: z.string(),
          text: z.string(),
          status: z.string(),
        }),
        'The article',
      ),
      404: ERRORS[404],
    },
  }),
};

const clauseOut = (c: {
  law: string;
  article: string;
  number: number;
  score: number;
  text: string;
  reason: string[];
  confidence?: number;
}) => ({
  law: c.law,
  article: c.article,
  number: c.number,
  score: Math.round(c.score * 1e4) / 1e4,
  text: c.text,
  reason: c.reason,
  ...(c.confidence !== undefined ? { confidence: c.confidence } : {}),
});

/** The pilot's contract (POST /v1/analyze, /v1/draft, /v1/clauses/recommend) and article lookup. */
export function analysisRoutes(deps: Pick<Deps, 'analyzer'>) {
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(routes.analyze, async (c) => {
    const b = c.req.valid('json');
    const { analyzer } = deps;
    const pre = await analyzer.prepare(b.text, b.title);
    const a = analyzer.analyze({
      text: b.text,
      title: b.title,
      channel: b.channel,
      clausesK: b.k,
      similarK: b.similar_k,
      pre,
    });
    return c.json(toApi({ ...a, clauses: a.clauses.map(clauseOut) }), 200);
  });

  app.openapi(routes.draft, async (c) => {
    const b = c.req.valid('json');
    const d = await deps.analyzer.draft({ text: b.text, title: b.title, kind: b.kind });
    return c.json(
      {
        reply: d.reply,
        kind: d.kind,
        citations: d.citations,
        removed_citations: d.removedCitations,
        provider: d.provider,
        fallback_reason: d.fallbackReason,
        articles_by: d.articlesBy,
        selection_fallback_reason: d.selectionFallbackReason,
      },
      200,
    );
  });

  app.openapi(routes.recommend, (c) => {
    const b = c.req.valid('json');
    return c.json(
      { clauses: deps.analyzer.recommender.recommend(b.text, { k: b.k, category: b.category }).map(clauseOut) },
      200,
    );
  });

  app.openapi(routes.article, (c) => {
    const { law, number } = c.req.valid('param');
    const key = /^\d+$/.test(number) ? Number(number) : number;
    const a = deps.analyzer.corpus.getArticle(law, key);
    if (!a) throw notFound('article', `${law} ${number}`);
    return c.json(
      {
        law: a.law,
        law_id: a.lawId,
        article: a.article,
        number: a.number,
        chapter: a.chapter,
        text: a.text,
        status: a.status,
      },
      200,
    );
  });
  return app;
}
