import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { BulkFieldsSchema, bulkMove, needsDepartment } from '../../cases/bulk-moves.ts';
import { AppError } from '../../errors.ts';
import { IGNORED_ACTOR } from '../actor-body.ts';
import type { Deps } from '../app-deps.ts';
import type { AppEnv } from '../app-env.ts';
import { ERRORS, jsonBody, ok } from '../schemas.ts';

// The actor is the credential's (http/auth/actor.ts); a body's `actor` is accepted and ignored.
const BulkBodySchema = BulkFieldsSchema.extend({ actor: IGNORED_ACTOR })
  .strict()
  .superRefine(needsDepartment)
  .openapi('BulkMoves');

const route = createRoute({
  method: 'post',
  path: '/v1/petitions/bulk-moves',
  operationId: 'bulkMovePetitions',
  tags: ['petitions'],
  summary:
    'Bulk moves of a selection: route (分流), assign (交办, 1–60 days, default 15), supervise (列入督办); all or nothing (409 lists every case that could not move)',
  request: jsonBody(BulkBodySchema),
  responses: { 200: ok(z.object({ moved: z.array(z.string()) }), 'Every selected case moved'), ...ERRORS },
});

/** Bulk moves over the API: the same all-or-nothing batch as the search page's bulk bar (cases/bulk-moves.ts). */
export function bulkRoutes(deps: Pick<Deps, 'db' | 'cases' | 'assignments'>) {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(route, (c) => {
    const body = c.req.valid('json');
    const refused = bulkMove(deps, { ...body, actor: c.var.actor }, c.var.role);
    if (refused.length) {
      throw new AppError(
        409,
        'bulk_refused',
        `批量办理未执行，所选事项均未改动：${refused.length} 件不能办理`,
        refused.map((r) => ({ path: r.id, message: r.message })),
      );
    }
    return c.json({ moved: body.ids }, 200);
  });
  return app;
}
