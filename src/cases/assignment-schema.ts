import { z } from 'zod';
import { AttachmentSchema } from './petition-schema.ts';
import { OUTCOMES } from './workflow.ts';

const trimmed = (max: number) => z.string().trim().max(max);
const actor = trimmed(100).min(1, 'actor must name who acts');

/** 交办: a configured department (its id or name) and the days it has, at most the 60 of Art. 34. */
export const AssignmentInputSchema = z
  .object({
    department: trimmed(100).min(1, 'name the department (承办单位)'),
    days: z.number().int().min(1).max(60, 'an assignment deadline is at most 60 days (Art. 34)'),
    instructions: trimmed(2000).min(1).optional(),
    actor,
  })
  .strict();
export type AssignmentInput = z.infer<typeof AssignmentInputSchema>;

/** 承办反馈: what the department found (经查…), its outcome (Art. 32) and the attachments' metadata. */
export const FindingsInputSchema = z
  .object({
    findings: trimmed(10_000).min(1, 'findings must say what was found (经查…)'),
    outcome: z.enum(OUTCOMES),
    attachments: z.array(AttachmentSchema).max(50).default([]),
    actor,
  })
  .strict();
export type FindingsInput = z.infer<typeof FindingsInputSchema>;

export const AssessmentInputSchema = z
  .object({
    accepted: z.boolean(),
    reason: trimmed(2000).min(1, 'say why the findings are accepted or returned'),
    actor,
  })
  .strict();
export type AssessmentInput = z.infer<typeof AssessmentInputSchema>;

export const ExtensionRequestInputSchema = z
  .object({
    days: z.number().int().min(1).max(30, 'an extension is at most 30 days (Art. 34)'),
    reason: trimmed(2000).min(1, 'an extension needs a reason'),
    actor,
  })
  .strict();
export type ExtensionRequestInput = z.infer<typeof ExtensionRequestInputSchema>;

export const ExtensionDecisionInputSchema = z
  .object({ granted: z.boolean(), reason: trimmed(2000).min(1).optional(), actor })
  .strict();
export type ExtensionDecisionInput = z.infer<typeof ExtensionDecisionInputSchema>;

export const NoticeInputSchema = z
  .object({ message: trimmed(2000).min(1, 'a 督办 notice says what is expected'), actor })
  .strict();
export type NoticeInput = z.infer<typeof NoticeInputSchema>;

export const DepartmentInputSchema = z.object({ name: trimmed(100).min(1, 'a department needs a name'), actor }).strict();
