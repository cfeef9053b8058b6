import { z } from '@hono/zod-openapi';

/** The longest Idempotency-Key accepted: Stripe's limit, ample for a UUID or a channel's own message id. */
export const MAX_IDEMPOTENCY_KEY = 255;

/**
 * The Idempotency-Key request header of POST /v1/petitions (IETF httpapi draft "The Idempotency-Key HTTP Header
 * Field"; Stripe's convention): chosen by the client, compared as sent, so `"8e03…"` (the draft's quoted form) and
 * `8e03…` are two different keys that each work when repeated as sent.
 */
export const IdempotencyHeaders = z.object({
  // Header names are matched case-insensitively (@hono/zod-validator); the document spells it as clients do.
  'Idempotency-Key': z
    .string()
    .min(1, '幂等键不能为空')
    .max(MAX_IDEMPOTENCY_KEY, `幂等键最长 ${MAX_IDEMPOTENCY_KEY} 个字符`)
    .regex(/^[\x20-\x7e]+$/, '幂等键只能由可打印的 ASCII 字符组成（例如 UUID）')
    .optional()
    .openapi({
      description:
        'Chosen by the client, at most 255 printable ASCII characters (a UUID v4 is the usual choice), one per petition to register. A repeat with the same key and the same body within 24 hours returns the first registration; without the header every request registers a new petition.',
      example: '8e03978e-40d5-43e8-bc93-6894a57f9324',
    }),
});

/** The headers of a registration's 201. */
export const REGISTERED_HEADERS = {
  Location: { description: 'The petition: /v1/petitions/{id}', schema: { type: 'string' as const } },
  'Idempotent-Replayed': {
    description:
      'Present (`true`) when the answer repeats an earlier registration with the same Idempotency-Key; nothing new was registered',
    schema: { type: 'string' as const, enum: ['true'] },
  },
};
