import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { Deps } from '../app-deps.ts';
import type { AppEnv } from '../app-env.ts';
import { invalid } from '../../errors.ts';
import { toApi } from '../casing.ts';
import { ERRORS, ok } from '../schemas.ts';
import { probeWritable } from '../../store/db-health.ts';
import { DB_UNAVAILABLE_MESSAGE, RETRY_AFTER_S, STORAGE_MESSAGE } from '../errors.ts';

const ProblemSchema = z.object({
  broken_at: z.number().nullable(),
  petition_id: z.string().nullable(),
  reason: z.string(),
});
const HealthSchema = z.object({
  ok: z.boolean(),
  service: z.string(),
  time: z.string(),
  db: z.object({ writable: z.boolean() }),
});
const AnchorSchema = z.object({ seq: z.number(), hash: z.string(), at: z.string() }).nullable();

const verifyRoute = createRoute({
  method: 'get',
  path: '/v1/audit/verify',
  operationId: 'verifyCaseFile',
  tags: ['case file'],
  summary:
    'Check the whole case file: hash chain, anchors outside the database, guard triggers, and every petition against its events',
  request: {
    // A head kept outside this machine (what the witness received) that the database must still hold.
    query: z.object({
      seq: z.coerce.number().int().min(1).optional().openapi({ description: '见证方记录的案卷头序号' }),
      hash: z
        .string()
        .regex(/^[0-9a-f]{64}$/, '哈希须为 64 位十六进制')
        .optional()
        .openapi({ description: '见证方记录的案卷头哈希' }),
    }),
  },
  responses: {
    400: ERRORS[400],
    200: ok(
      z.object({
        ok: z.boolean(),
        events: z.number(),
        mode: z.enum(['full', 'incremental']),
        anchor: AnchorSchema,
        head: z.string().optional(),
        broken_at: z.number().nullable().optional(),
        petition_id: z.string().nullable().optional(),
        reason: z.string().optional(),
        problems: z.array(ProblemSchema).optional(),
      }),
      'The verification result (ok=false names the first problem in Chinese, and lists up to 50)',
    ),
  },
});

/** Liveness and the case-file verifier. */
export function opsRoutes(deps: Pick<Deps, 'db' | 'clock' | 'events'>) {
  const app = new OpenAPIHono<AppEnv>();
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/healthz',
    operationId: 'getHealth',
    tags: ['ops'],
    summary: 'Liveness: the service answers and its database still takes writes (no key needed)',
    responses: {
      200: ok(HealthSchema, 'Alive and writable'),
      503: {
        ...ok(
          HealthSchema.extend({
            db: z.object({ writable: z.literal(false), code: z.string().optional() }),
            message: z.string(),
          }),
          'The database no longer takes writes (disk full, read-only) or does not answer (code DB_UNAVAILABLE: PostgreSQL restarting, connection lost); Retry-After gives seconds',
        ),
      },
    },
  });
  // Liveness includes writability: a service that can no longer record a petition is not healthy (disk full).
  app.get('/healthz', (c) => {
    const w = probeWritable(deps.db);
    const base = { service: 'xinfang-assist', time: deps.clock.now().toISOString() };
    if (w.writable) return c.json({ ok: true, ...base, db: { writable: true } });
    const down = w.code === 'DB_UNAVAILABLE';
    c.header('retry-after', RETRY_AFTER_S[down ? 'database_unavailable' : 'storage_unavailable']);
    const message = down ? DB_UNAVAILABLE_MESSAGE : STORAGE_MESSAGE;
    return c.json({ ok: false, ...base, db: { writable: false, code: w.code }, message }, 503);
  });
  app.openapi(verifyRoute, (c) => {
    const { seq, hash } = c.req.valid('query');
    if ((seq === undefined) !== (hash === undefined))
      throw invalid('seq 与 hash 须同时给出', [
        { path: seq === undefined ? 'seq' : 'hash', message: '须与另一项同时给出' },
      ]);
    return c.json(toApi(deps.events.verify(seq !== undefined && hash ? { expect: { seq, hash } } : {})), 200);
  });
  return app;
}
