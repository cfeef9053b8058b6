import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { Outcome } from '../../cases/workflow.ts';
import { DRAFT_KINDS } from '../../drafting/types.ts';
import { IGNORED_ACTOR as actor } from '../actor-body.ts';
import type { Deps } from '../app-deps.ts';
import type { AppEnv } from '../app-env.ts';
import { checkReveal, parseReveal } from '../auth/pii-access.ts';
import { kindsForFields } from '../../cases/sealed-notes.ts';
import { toApi } from '../casing.ts';
import { ERRORS, PetitionSchema, jsonBody, ok } from '../schemas.ts';

const Params = z.object({ id: z.string().min(1).max(64) });
const VersionParams = Params.extend({ version: z.coerce.number().int().min(1) });

const DraftVersionSchema = z
  .object({
    id: z.string(),
    petition_id: z.string(),
    version: z.number(),
    kind: z.string(),
    reply: z.string(),
    citations: z.array(z.object({ law: z.string(), article: z.string() })),
    provider: z.string(),
    created_by: z.string(),
    created_at: z.string(),
    approved_by: z.string().nullable(),
    approved_at: z.string().nullable(),
    removed_citations: z
      .array(z.object({ law: z.string(), article: z.string() }))
      .optional()
      .openapi({ description: 'Citations the check took out of a generated reply (only in the answer that made it)' }),
  })
  .openapi('DraftVersion');

const ERR = {
  ...ERRORS,
  422: {
    content: { 'application/json': { schema: ERRORS[400].content['application/json'].schema } },
    description: 'The draft fails a check',
  },
};

const routes = {
  list: createRoute({
    method: 'get',
    path: '/v1/petitions/{id}/drafts',
    operationId: 'listDrafts',
    tags: ['drafting'],
    summary:
      'Every draft version of a petition, oldest first; identities in the replies are placeholders unless revealed',
    request: {
      params: Params,
      query: z.object({
        reveal: z.string().max(100).optional().openapi({
          description:
            'Identity fields to put back into the replies (name,id_number,phone,address,text or all), as for GET /v1/petitions/{id}; recorded in the case file as pii_read.',
        }),
      }),
    },
    responses: { 200: ok(z.object({ drafts: z.array(DraftVersionSchema) }), 'The versions'), 404: ERRORS[404] },
  }),
  generate: createRoute({
    method: 'post',
    path: '/v1/petitions/{id}/drafts',
    operationId: 'generateDraft',
    tags: ['drafting'],
    summary: 'Draft a reply for a registered petition (a new version); kind follows the route by default',
    request: { params: Params, ...jsonBody(z.object({ actor, kind: z.enum(DRAFT_KINDS).optional() }).strict()) },
    responses: { 201: ok(DraftVersionSchema, 'The new version'), ...ERR },
  }),
  edit: createRoute({
    method: 'post',
    path: '/v1/petitions/{id}/drafts/edits',
    operationId: 'editDraft',
    tags: ['drafting'],
    summary: 'A staff edit: stored as a new version; citations must stay within the grounded articles (422)',
    request: {
      params: Params,
      ...jsonBody(
        z.object({ actor, reply: z.string().trim().min(1).max(20_000), kind: z.enum(DRAFT_KINDS).optional() }).strict(),
      ),
    },
    responses: { 201: ok(DraftVersionSchema, 'The new version'), ...ERR },
  }),
  approve: createRoute({
    method: 'post',
    path: '/v1/petitions/{id}/drafts/{version}/approve',
    operationId: 'approveDraft',
    tags: ['drafting'],
    summary: 'Approve a version: the reply is sent, the case moves to 答复 and its review clock starts',
    request: { params: VersionParams, ...jsonBody(z.object({ actor }).strict()) },
    responses: {
      200: ok(z.object({ draft: DraftVersionSchema, petition: PetitionSchema }), 'Approved'),
      ...ERR,
    },
  }),
};

/** Drafts of registered petitions: versions, staff edits and approval; the actor is always the credential's. */
export function draftRoutes(deps: Pick<Deps, 'cases' | 'reviews'>) {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(routes.list, (c) => {
    const { id } = c.req.valid('param');
    const fields = parseReveal(c.req.valid('query').reveal);
    if (fields.length) checkReveal(c.var.role, fields, deps.cases.view(id).risk_level ?? null);
    const reader = fields.length ? { actor: c.var.actor, role: c.var.role, kinds: kindsForFields(fields) } : undefined;
    return c.json({ drafts: toApi(deps.reviews.list(id, reader)) }, 200);
  });
  app.openapi(routes.generate, async (c) => {
    const { kind } = c.req.valid('json');
    const { id } = c.req.valid('param');
    // The department's findings and outcome, once the office accepted them (issue 18), are what the draft states.
    const found = deps.cases.view(id).findings;
    const recorded = found?.accepted ? { findings: found.findings, outcome: found.outcome as Outcome } : {};
    return c.json(toApi(await deps.reviews.generate(id, { kind, actor: c.var.actor, ...recorded })), 201);
  });
  app.openapi(routes.edit, (c) =>
    c.json(toApi(deps.reviews.edit(c.req.valid('param').id, { ...c.req.valid('json'), actor: c.var.actor })), 201),
  );
  app.openapi(routes.approve, (c) => {
    const { id, version } = c.req.valid('param');
    return c.json(toApi(deps.reviews.approve(id, version, c.var.actor)), 200);
  });
  return app;
}
