import { z } from 'zod';
import { AttachmentSchema } from './petition-schema.ts';
import { OUTCOMES } from './workflow.ts';

const trimmed = (max: number) => z.string().trim().max(max);
const actor = trimmed(100).min(1, '请写明办理人');

/** 交办: a configured department (its id or name) and the days it has, at most the 60 of Art. 34. */
export const AssignmentInputSchema = z
  .object({
    department: trimmed(100).min(1, '请写明承办单位'),
    days: z.number().int().min(1).max(60, '交办期限最多 60 日（《信访工作条例》第三十四条）'),
    instructions: trimmed(2000).min(1).optional(),
    actor,
  })
  .strict();
export type AssignmentInput = z.infer<typeof AssignmentInputSchema>;

/** 承办反馈: what the department found (经查…), its outcome (Art. 32) and the attachments' metadata. */
export const FindingsInputSchema = z
  .object({
    findings: trimmed(10_000).min(1, '请写明经查情况（经查…）'),
    outcome: z.enum(OUTCOMES),
    attachments: z.array(AttachmentSchema).max(50).default([]),
    actor,
  })
  .strict();
export type FindingsInput = z.infer<typeof FindingsInputSchema>;

export const AssessmentInputSchema = z
  .object({
    accepted: z.boolean(),
    reason: trimmed(2000).min(1, '请写明采纳或退回的理由'),
    actor,
  })
  .strict();
export type AssessmentInput = z.infer<typeof AssessmentInputSchema>;

export const ExtensionRequestInputSchema = z
  .object({
    days: z.number().int().min(1).max(30, '延长期限最多 30 日（《信访工作条例》第三十四条）'),
    reason: trimmed(2000).min(1, '延期须写明理由'),
    actor,
  })
  .strict();
export type ExtensionRequestInput = z.infer<typeof ExtensionRequestInputSchema>;

export const ExtensionDecisionInputSchema = z
  .object({ granted: z.boolean(), reason: trimmed(2000).min(1).optional(), actor })
  .strict();
export type ExtensionDecisionInput = z.infer<typeof ExtensionDecisionInputSchema>;

export const NoticeInputSchema = z.object({ message: trimmed(2000).min(1, '督办通知须写明督办要求'), actor }).strict();
export type NoticeInput = z.infer<typeof NoticeInputSchema>;

export const DepartmentInputSchema = z.object({ name: trimmed(100).min(1, '请写明承办单位名称'), actor }).strict();
