import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import {
  ExtensionInputSchema,
  FollowUpInputSchema,
  ListQuerySchema,
  PetitionInputSchema,
  TransitionInputSchema,
} from '../../cases/petition-schema.ts';
import { bodyOf } from '../actor-body.ts';
import type { Deps } from '../app-deps.ts';
import type { AppEnv } from '../app-env.ts';
import { checkReveal, parseReveal } from '../auth/pii-access.ts';
import { toApi } from '../casing.ts';
import { ERRORS, ErrorSchema, PetitionIdParam, PetitionSchema, jsonBody, ok } from '../schemas.ts';
import { IdempotencyHeaders, REGISTERED_HEADERS } from '../idempotency-schemas.ts';

const EventSchema = z
  .object({
    seq: z.number(),
    type: z.string(),
    actor: z.string(),
    payload: z.record(z.string(), z.unknown()).openapi({
      description:
        'What the step recorded; its fields depend on `type` (one payload schema per type: src/audit/event-schema.ts)',
    }),
    petition_id: z.string().nullable(),
    created_at: z.string(),
    prev_hash: z.string(),
    hash: z.string(),
  })
  .openapi('CaseEvent', {
    description:
      'One step of the case file. The service computes `hash` over the stored record (GET /v1/audit/verify checks it); the API spells its keys in snake_case.',
  });

const routes = {
  create: createRoute({
    method: 'post',
    path: '/v1/petitions',
    operationId: 'registerPetition',
    tags: ['petitions'],
    summary: '登记: register a petition from any channel of Art. 17; runs triage and starts the 15-day clock',
    description:
      'With an `Idempotency-Key` header a client may send the same registration again after a lost answer (a timeout, an instance that died, a load balancer retrying on another one): the repeat returns the petition the first request registered (as it stands now), with the same status, and `Idempotent-Replayed: true`, and registers nothing. Keys are remembered for 24 hours per API key; the same key with a different body is refused (422).',
    request: { headers: IdempotencyHeaders, ...jsonBody(PetitionInputSchema) },
    responses: {
      201: {
        ...ok(PetitionSchema, 'Registered, with its deadlines (or, for a repeated Idempotency-Key, registered before)'),
        headers: REGISTERED_HEADERS,
      },
      ...ERRORS,
      409: ok(
        ErrorSchema,
        'A registration with the same Idempotency-Key is still being processed (idempotency_key_in_flight): retry with the same key',
      ),
      422: ok(ErrorSchema, 'The Idempotency-Key was used before with a different body (idempotency_key_reused)'),
    },
  }),
  list: createRoute({
    method: 'get',
    path: '/v1/petitions',
    operationId: 'listPetitions',
    tags: ['petitions'],
    summary: 'List petitions, newest first, with filters (status, risk, overdue, q) and pagination',
    request: { query: ListQuerySchema },
    responses: {
      200: ok(
        z.object({ items: z.array(PetitionSchema), total: z.number(), limit: z.number(), offset: z.number() }),
        'A page of petitions',
      ),
      400: ERRORS[400],
    },
  }),
  get: createRoute({
    method: 'get',
    path: '/v1/petitions/{id}',
    operationId: 'getPetition',
    tags: ['petitions'],
    summary:
      'One petition with its triage, status, deadlines and supervision colour; the petitioner masked unless revealed',
    request: {
      params: PetitionIdParam,
      query: z.object({
        reveal: z.string().max(100).optional().openapi({
          description:
            'Identity fields to show unmasked (name,id_number,phone,address or all); each reveal is recorded in the case file as pii_read. Reception, supervisor and admin; dispatch only phone of a red-risk petition.',
          example: 'phone',
        }),
      }),
    },
    responses: { 200: ok(PetitionSchema, 'The petition'), 400: ERRORS[400], 403: ERRORS[403], 404: ERRORS[404] },
  }),
  events: createRoute({
    method: 'get',
    path: '/v1/petitions/{id}/events',
    operationId: 'listCaseEvents',
    tags: ['case file'],
    summary: 'The case file (一事一档): every step, hash-chained',
    request: { params: PetitionIdParam },
    responses: {
      200: ok(z.object({ petition_id: z.string(), events: z.array(EventSchema) }), 'The events in order'),
      404: ERRORS[404],
    },
  }),
  transition: createRoute({
    method: 'post',
    path: '/v1/petitions/{id}/transitions',
    operationId: 'transitionPetition',
    tags: ['workflow'],
    summary:
      'Move a case one legal step of the workflow (docs/workflow.md: the moves, who may make them, the fields each needs); 409 otherwise',
    request: { params: PetitionIdParam, ...jsonBody(bodyOf(TransitionInputSchema)) },
    responses: { 200: ok(PetitionSchema, 'The case after the move'), ...ERRORS },
  }),
  extend: createRoute({
    method: 'post',
    path: '/v1/petitions/{id}/extension',
    operationId: 'extendPetitionDeadline',
    tags: ['workflow'],
    summary: 'Extend the 60-day conclusion deadline once, by at most 30 days, with a reason (Art. 34)',
    request: { params: PetitionIdParam, ...jsonBody(bodyOf(ExtensionInputSchema)) },
    responses: { 200: ok(PetitionSchema, 'The case with its new deadline'), ...ERRORS },
  }),
  followUp: createRoute({
    method: 'post',
    path: '/v1/petitions/{id}/follow-up',
    operationId: 'recordFollowUp',
    tags: ['workflow'],
    summary: '回访: record satisfaction; 不满意 re-opens supervision (二次督办)',
    request: { params: PetitionIdParam, ...jsonBody(bodyOf(FollowUpInputSchema)) },
    responses: { 200: ok(PetitionSchema, 'The case after the follow-up'), ...ERRORS },
  }),
};

/** Intake, listing, workflow moves and the case file of a petition. */
export function petitionRoutes(deps: Pick<Deps, 'analyzer' | 'cases' | 'events' | 'registrations'>) {
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(routes.create, async (c) => {
    const input = c.req.valid('json');
    const key = c.req.valid('header')['Idempotency-Key'];
    // A key belongs to the credential that sent it (a session to its key): two clients never share a key space.
    const once = key === undefined ? undefined : { scope: c.var.keyId ?? c.var.actor, key };
    const r = await deps.registrations.register(input, c.var.actor, once, () =>
      deps.analyzer.prepare(input.text, input.title),
    );
    const headers: Record<string, string> = { Location: `/v1/petitions/${r.view.id}` };
    if (r.replayed) headers['Idempotent-Replayed'] = 'true';
    return c.json(toApi(r.view), r.status, headers);
  });
  app.openapi(routes.list, (c) => c.json(toApi(deps.cases.list(c.req.valid('query'))), 200));
  app.openapi(routes.get, (c) => {
    const { id } = c.req.valid('param');
    const fields = parseReveal(c.req.valid('query').reveal);
    const view = deps.cases.view(id);
    if (!fields.length) return c.json(toApi(view), 200);
    checkReveal(c.var.role, fields, view.risk_level);
    return c.json(toApi(deps.cases.reveal(id, fields, c.var.actor, c.var.role)), 200);
  });
  app.openapi(routes.events, (c) => {
    const { id } = c.req.valid('param');
    deps.cases.view(id); // 404 for an unknown id rather than an empty file
    return c.json({ petition_id: id, events: toApi(deps.events.forPetition(id)) }, 200);
  });
  // The actor of every move is the credential's (c.var.actor); a body's `actor` is ignored (actor-body.ts).
  app.openapi(routes.transition, (c) =>
    c.json(
      toApi(deps.cases.transition(c.req.valid('param').id, { ...c.req.valid('json'), actor: c.var.actor }, c.var.role)),
      200,
    ),
  );
  app.openapi(routes.extend, (c) =>
    c.json(toApi(deps.cases.extend(c.req.valid('param').id, { ...c.req.valid('json'), actor: c.var.actor })), 200),
  );
  app.openapi(routes.followUp, (c) =>
    c.json(toApi(deps.cases.followUp(c.req.valid('param').id, { ...c.req.valid('json'), actor: c.var.actor })), 200),
  );
  return app;
}
