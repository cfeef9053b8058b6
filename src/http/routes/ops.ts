import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { AppEnv } from '../app-env.ts';
import { ok } from '../schemas.ts';

const verifyRoute = createRoute({
  method: 'get',
  path: '/v1/audit/verify',
  operationId: 'verifyCaseFile',
  tags: ['case file'],
  summary: 'Recompute the whole hash chain of the case file and name the first broken link',
  responses: {
    200: ok(
      z.object({ ok: z.boolean(), events: z.number(), head: z.string().optional(), brokenAt: z.number().optional(), petitionId: z.string().nullable().optional(), reason: z.string().optional() }),
      'The verification result (ok=false names the first broken link)',
    ),
  },
});

/** Liveness and the case-file verifier. */
export function opsRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  app.get('/healthz', (c) => {
    c.var.deps.db.prepare('SELECT 1').get();
    return c.json({ ok: true, service: 'xinfang-assist', time: c.var.deps.clock.now().toISOString() });
  });
  app.openapi(verifyRoute, (c) => c.json(c.var.deps.events.verify(), 200));
  return app;
}
