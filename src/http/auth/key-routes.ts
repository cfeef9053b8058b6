import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { Deps } from '../app-deps.ts';
import type { AppEnv } from '../app-env.ts';
import { ERRORS, jsonBody, ok } from '../schemas.ts';
import { ROLES } from './roles.ts';
import type { StreamGuard } from './stream-guard.ts';

export const KeyInputSchema = z
  .object({
    name: z.string().trim().min(1, '请写明密钥归谁使用').max(100),
    role: z.enum(ROLES),
  })
  .strict()
  .openapi('KeyInput');

const KeySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    prefix: z.string().openapi({ description: 'The first characters of the key, to tell keys apart' }),
    created_at: z.string(),
    created_by: z.string(),
    revoked_at: z.string().nullable(),
    revoked_by: z.string().nullable(),
  })
  .openapi('ApiKey');

const IdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'id', in: 'path' }, example: 'key_1a2b3c4d5e6f' }),
});

const routes = {
  create: createRoute({
    method: 'post',
    path: '/v1/keys',
    operationId: 'createApiKey',
    tags: ['keys'],
    summary: 'Create an API key for a role (admin); the key is in this response only and is stored hashed',
    request: jsonBody(KeyInputSchema),
    responses: {
      201: ok(KeySchema.extend({ key: z.string() }), 'The new key, shown once'),
      ...ERRORS,
      409: {
        ...ERRORS[409],
        description: 'The name is taken by another key (revoked keys included): names identify actors in the case file',
      },
    },
  }),
  list: createRoute({
    method: 'get',
    path: '/v1/keys',
    operationId: 'listApiKeys',
    tags: ['keys'],
    summary: 'List API keys (admin), without their secrets',
    responses: { 200: ok(z.object({ items: z.array(KeySchema) }), 'Every key, revoked ones included') },
  }),
  revoke: createRoute({
    method: 'delete',
    path: '/v1/keys/{id}',
    operationId: 'revokeApiKey',
    tags: ['keys'],
    summary: 'Revoke an API key (admin): refused from its next request on, its browser sessions end',
    request: { params: IdParam },
    responses: { 200: ok(KeySchema, 'The revoked key'), 404: ERRORS[404] },
  }),
};

/** Key management; the policy table (policy.ts) restricts it to admins. */
export function keyRoutes(deps: Pick<Deps, 'keys'>, opts: { streams?: StreamGuard } = {}) {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(routes.create, (c) => c.json(deps.keys.create(c.req.valid('json'), c.var.actor), 201));
  app.openapi(routes.list, (c) => c.json({ items: deps.keys.list() }, 200));
  app.openapi(routes.revoke, (c) => {
    const key = deps.keys.revoke(c.req.valid('param').id, c.var.actor);
    opts.streams?.sweep(); // the key's open event streams end now, not at the next timed sweep
    return c.json(key, 200);
  });
  return app;
}
