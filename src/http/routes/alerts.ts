import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { AckInputSchema, AlertListQuerySchema, ClusterListQuerySchema } from '../../alerts/alert-schema.ts';
import { invalid } from '../../errors.ts';
import { bodyOf } from '../actor-body.ts';
import type { Deps } from '../app-deps.ts';
import type { AppEnv } from '../app-env.ts';
import { ERRORS, jsonBody, ok } from '../schemas.ts';
import { hubStream } from './hub-stream.ts';

/** Comment lines keep proxies and browsers from closing an idle stream. */
export const HEARTBEAT_MS = 15_000;

const IdParam = (example: string) =>
  z.object({
    id: z
      .string()
      .min(1)
      .max(64)
      .openapi({ param: { name: 'id', in: 'path' }, example }),
  });

const MemberSchema = z.object({
  petition_id: z.string(),
  received_at: z.string(),
  matched_by: z.string(),
  similarity: z.number().nullable(),
  group_action: z.boolean(),
});
const ClusterSchema = z
  .object({
    id: z.string().openapi({ example: 'CL20260302-1A2B3C4D' }),
    matter_kind: z.string().openapi({ description: 'employer, estate, village, school, or text (similar wording)' }),
    matter: z.string(),
    first_received_at: z.string(),
    last_received_at: z.string(),
    alert_id: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
    distinct_petitioners: z.number(),
    members: z.array(MemberSchema),
  })
  .openapi('Cluster');
const EvidenceSchema = z
  .object({
    title: z.string().nullable(),
    score: z.number(),
    signals: z.array(z.object({ code: z.string(), evidence: z.string(), weight: z.number() })),
    category: z.string(),
    emotion: z.string(),
    matter: z.object({ kind: z.string(), name: z.string() }),
    members: z.array(MemberSchema),
    distinct_petitioners: z.number(),
  })
  .partial()
  .openapi('AlertEvidence', {
    description: 'Why the alert was raised: the risk signals, or the cluster and its members',
  });
const AlertSchema = z
  .object({
    id: z.string().openapi({ example: 'AL20260302-1A2B3C4D' }),
    kind: z.enum(['petition', 'cluster']),
    petition_id: z.string(),
    cluster_id: z.string().nullable(),
    level: z.literal('red'),
    reason: z.string().openapi({ description: 'red_petition, mass_petitioners or group_action' }),
    evidence: EvidenceSchema,
    created_at: z.string(),
    acked_by: z.string().nullable(),
    acked_at: z.string().nullable(),
    ack_note: z.string().nullable(),
    escalated_at: z.string().nullable(),
    escalation_level: z.number(),
    next_escalation_at: z.string().nullable(),
  })
  .openapi('Alert');
const AlertViewSchema = AlertSchema.extend({
  cluster: ClusterSchema.nullable(),
  webhook_deliveries: z.array(
    z.object({
      alert_id: z.string(),
      event: z.string(),
      attempt: z.number(),
      ok: z.number(),
      status: z.number().nullable(),
      error: z.string().nullable(),
      created_at: z.string(),
    }),
  ),
}).openapi('AlertView');
const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.number(), limit: z.number(), offset: z.number() });

const routes = {
  list: createRoute({
    method: 'get',
    path: '/v1/alerts',
    operationId: 'listAlerts',
    tags: ['alerts'],
    summary: 'Red alerts, newest first; status=open|acked|escalated, kind=petition|cluster',
    request: { query: AlertListQuerySchema },
    responses: { 200: ok(page(AlertSchema), 'A page of alerts'), 400: ERRORS[400] },
  }),
  get: createRoute({
    method: 'get',
    path: '/v1/alerts/{id}',
    operationId: 'getAlert',
    tags: ['alerts'],
    summary: 'One alert with its evidence, webhook attempts and (for a cluster) the current members',
    request: { params: IdParam('AL20260302-1A2B3C4D') },
    responses: { 200: ok(AlertViewSchema, 'The alert with its webhook attempts and cluster'), 404: ERRORS[404] },
  }),
  ack: createRoute({
    method: 'post',
    path: '/v1/alerts/{id}/ack',
    operationId: 'acknowledgeAlert',
    tags: ['alerts'],
    summary: 'Acknowledge an alert: stops its escalation and enters the case file (409 if acknowledged already)',
    request: { params: IdParam('AL20260302-1A2B3C4D'), ...jsonBody(bodyOf(AckInputSchema)) },
    responses: { 200: ok(AlertSchema, 'The acknowledged alert'), ...ERRORS },
  }),
  clusters: createRoute({
    method: 'get',
    path: '/v1/clusters',
    operationId: 'listClusters',
    tags: ['alerts'],
    summary: 'Mass-incident clusters: petitions on the same matter within 7 days',
    request: { query: ClusterListQuerySchema },
    responses: { 200: ok(page(ClusterSchema), 'A page of clusters'), 400: ERRORS[400] },
  }),
  cluster: createRoute({
    method: 'get',
    path: '/v1/clusters/{id}',
    operationId: 'getCluster',
    tags: ['alerts'],
    summary: 'One cluster with its members',
    request: { params: IdParam('CL20260302-1A2B3C4D') },
    responses: { 200: ok(ClusterSchema, 'The cluster'), 404: ERRORS[404] },
  }),
};

/** Red-alert dispatch: the live stream, listing, acknowledgement, and the clusters behind cluster alerts. */
export function alertRoutes(deps: Pick<Deps, 'alerts'>, opts: { heartbeatMs?: number } = {}) {
  const app = new OpenAPIHono<AppEnv>();
  const heartbeatMs = opts.heartbeatMs ?? HEARTBEAT_MS;

  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/v1/alerts/stream',
    operationId: 'streamAlerts',
    tags: ['alerts'],
    summary: `Server-Sent Events: 'alert', 'escalation' and 'ack' events (data: the alert as JSON) and 'notice' (a 督办 notice to a department, or a statutory-clock reminder with a reminder field), heartbeat comments every ${heartbeatMs / 1000} s; ?replay=open first sends the open alerts`,
    request: { query: z.object({ replay: z.enum(['open']).optional() }) },
    responses: {
      200: { description: 'An endless event stream', content: { 'text/event-stream': { schema: z.string() } } },
      400: ERRORS[400],
    },
  });
  app.openAPIRegistry.registerWebhook({
    method: 'post',
    path: 'alert',
    operationId: 'alertWebhook',
    // The receiver checks X-Signature (HMAC with ALERT_WEBHOOK_SECRET), not a bearer key.
    security: [],
    tags: ['alerts'],
    summary:
      'POSTed to ALERT_WEBHOOK_URL for each red alert and escalation (not acknowledgements), retried with backoff until a 2xx; signed (docs/operations.md): X-Webhook-Timestamp, X-Signature = sha256= + HMAC-SHA256(secret, timestamp + "." + body), X-Webhook-Id the same on every retry',
    request: {
      body: {
        required: true,
        content: {
          'application/json': { schema: z.object({ event: z.enum(['alert', 'escalation']), alert: AlertSchema }) },
        },
      },
    },
    responses: { 200: { description: 'Any 2xx: delivered; anything else is retried' } },
  });
  // Registered before /v1/alerts/{id} so that "stream" is never taken for an id.
  app.get('/v1/alerts/stream', (c) => {
    const replay = c.req.query('replay');
    if (replay !== undefined && replay !== 'open')
      throw invalid('查询参数有误：replay 只能是 open', [
        { path: 'replay', message: '只能是 open（先补发未签收的预警）' },
      ]);
    return hubStream(
      c,
      deps.alerts,
      (stream, m) =>
        void (m.type === 'notice'
          ? stream.writeSSE({ event: 'notice', id: m.notice.id, data: JSON.stringify(m.notice) })
          : stream.writeSSE({
              event: m.type,
              id: `${m.alert.id}:${m.type}:${m.alert.escalation_level}`,
              data: JSON.stringify(m.alert),
            })),
      heartbeatMs,
      // A screen that reconnects asks for what is still open; subscribing first means nothing falls in between.
      (send) => {
        if (replay)
          for (const alert of deps.alerts.list({ status: 'open', limit: 200, offset: 0 }).items.reverse())
            send({ type: 'alert', alert });
      },
    );
  });
  app.openapi(routes.list, (c) => c.json(deps.alerts.list(c.req.valid('query')), 200));
  app.openapi(routes.get, (c) => c.json(deps.alerts.view(c.req.valid('param').id), 200));
  app.openapi(routes.ack, (c) =>
    c.json(deps.alerts.ack(c.req.valid('param').id, { ...c.req.valid('json'), actor: c.var.actor }), 200),
  );
  app.openapi(routes.clusters, (c) => c.json(deps.alerts.clusters.list(c.req.valid('query')), 200));
  app.openapi(routes.cluster, (c) => c.json(deps.alerts.clusters.get(c.req.valid('param').id), 200));
  return app;
}
