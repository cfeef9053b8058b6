import { z } from '@hono/zod-openapi';
import { TriageSchema } from './analysis-schemas.ts';

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

const PersonSchema = z.object({
  name: z.string().nullable(),
  id_number: z.string().nullable(),
  phone: z.string().nullable(),
  address: z.string().nullable(),
  masked: z.boolean().openapi({ description: 'True while any filled-in field is shown masked' }),
});

export const AttachmentSchema = z.object({
  name: z.string(),
  type: z.string().optional(),
  size: z.number().optional(),
  sha256: z.string().optional(),
});

export const PetitionSchema = z
  .object({
    id: z.string().openapi({ example: 'XF20260302-1A2B3C4D' }),
    title: z.string().nullable(),
    text: z.string(),
    channel: z.string(),
    source: z.string().nullable(),
    received_at: z.string(),
    location: z.string().nullable(),
    attachments: z.array(AttachmentSchema),
    status: z.string(),
    status_label: z.string(),
    next_steps: z.array(z.object({ to: z.string(), label: z.string(), via: z.string() })),
    outcome: z.string().nullable(),
    round: z.number().openapi({ description: 'The handling round: 二次督办, 复查 and 复核 each open a new one' }),
    findings: z
      .object({ findings: z.string(), outcome: z.string(), department: z.string(), accepted: z.boolean() })
      .nullable()
      .openapi({ description: "The current round's department findings (null until reported)" }),
    extended: z.boolean(),
    risk_level: z.string().nullable(),
    risk_score: z.number().nullable(),
    category: z.string().nullable(),
    emotion: z.string().nullable(),
    triage: TriageSchema.nullable(),
    supervision: z.object({ colour: z.enum(['green', 'yellow', 'red']), days_left: z.number().nullable() }),
    deadlines: z.array(DeadlineSchema),
    petitioner: PersonSchema.nullable().openapi({ description: 'Masked unless revealed (?reveal=…)' }),
    parties: z
      .object({
        co_petitioners: z.array(PersonSchema.extend({ kind: z.string() })),
        representatives: z.array(PersonSchema.extend({ kind: z.string() })),
      })
      .nullable()
      .openapi({ description: 'Co-petitioners and representatives (Art. 20), masked like the petitioner' }),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('Petition');

/** A petition's id in a path (`/v1/petitions/{id}/…`). */
export const PetitionIdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'id', in: 'path' }, example: 'XF20260302-1A2B3C4D' }),
});
