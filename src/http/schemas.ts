import { z } from '@hono/zod-openapi';

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      issues: z.array(z.object({ path: z.string(), message: z.string() })),
      request_id: z.string().optional(),
    }),
  })
  .openapi('Error');

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});

/** The error responses every body-taking route can give. */
export const ERRORS = {
  400: json(ErrorSchema, 'Invalid input: every field problem is listed in error.issues'),
  401: json(ErrorSchema, 'No API key, or an unknown or revoked one'),
  403: json(ErrorSchema, "The key's role may not do this (http/auth/policy.ts)"),
  404: json(ErrorSchema, 'Not found'),
  409: json(ErrorSchema, 'Not allowed in the current state'),
  413: json(ErrorSchema, 'Body over 1 MB'),
  415: json(ErrorSchema, 'Body is not application/json'),
} as const;

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  body: { required: true, content: { 'application/json': { schema } } },
});

export const ok = <T extends z.ZodType>(schema: T, description: string) => json(schema, description);

export const DeadlineSchema = z.object({
  kind: z.string(),
  label: z.string(),
  article: z.string(),
  starts_at: z.string(),
  due_at: z.string().openapi({ example: '2026-03-17' }),
  met_at: z.string().nullable(),
  days_left: z.number().nullable(),
  binds: z.string(),
  overdue: z.boolean(),
});

export const PetitionSchema = z
  .object({
    id: z.string().openapi({ example: 'XF20260302-1A2B3C4D' }),
    title: z.string().nullable(),
    text: z.string(),
    channel: z.string(),
    source: z.string().nullable(),
    received_at: z.string(),
    status: z.string(),
    status_label: z.string(),
    risk_level: z.string().nullable(),
    supervision: z.object({ colour: z.enum(['green', 'yellow', 'red']), days_left: z.number().nullable() }),
    deadlines: z.array(DeadlineSchema),
  })
  .loose()
  .openapi('Petition');
