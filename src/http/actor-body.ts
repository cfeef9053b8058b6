import { z } from '@hono/zod-openapi';

/**
 * Older clients still send `actor` in the body. It is accepted so they keep working, and ignored: the case
 * file records the key or session that made the request (http/auth/actor.ts), never a name the client typed.
 */
export const IGNORED_ACTOR = z.string().max(200).optional().openapi({
  deprecated: true,
  description: '已忽略：案卷记录的办理人是本次请求所用的密钥或会话（名称、角色、编号），不是请求体里写的名字',
});

/** A domain input schema as a request body: its `actor` replaced by the ignored one above. */
export function bodyOf<S extends z.ZodObject<{ actor: z.ZodType } & z.ZodRawShape>>(schema: S) {
  return schema
    .omit({ actor: true } as never)
    .extend({ actor: IGNORED_ACTOR })
    .strict() as unknown as z.ZodObject<Omit<S['shape'], 'actor'> & { actor: typeof IGNORED_ACTOR }>;
}
