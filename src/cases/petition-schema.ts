import { z } from 'zod';
import { PetitionTextSchema } from '../text/petition-text.ts';
import { DECISIONS, OUTCOMES, SATISFACTION, STEP_NAMES } from './workflow.ts';

/** The channels of Art. 17: 网络, 书信, 电话, 传真, 走访. */
export const CHANNELS = ['网络', '书信', '电话', '传真', '走访'] as const;

/** Hotlines whose transcripts arrive as petitions. */
export const SOURCES = ['12345', '12348', '12333', '110'] as const;

const trimmed = (max: number) => z.string().trim().max(max);

export const PetitionerSchema = z
  .object({
    name: trimmed(50).optional(),
    id_number: z
      .string()
      .trim()
      .regex(/^\d{17}[\dXx]$/, '应为 18 位居民身份证号码')
      .optional(),
    phone: z
      .string()
      .trim()
      .regex(/^[\d+\-() ]{5,20}$/, '应为 5–20 位的电话号码')
      .optional(),
    address: trimmed(200).optional(),
  })
  .strict();

export const AttachmentSchema = z
  .object({
    name: trimmed(200).min(1),
    type: trimmed(100).optional(),
    size: z.number().int().nonnegative().optional(),
    sha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/i)
      .optional(),
  })
  .strict();
/** A file named on a petition or a department's findings (the file itself stays with the office). */
export type Attachment = z.infer<typeof AttachmentSchema>;

export const PetitionInputSchema = z
  .object({
    text: PetitionTextSchema,
    title: trimmed(200).optional(),
    channel: z.enum(CHANNELS).default('网络'),
    source: z.enum(SOURCES).optional(),
    received_at: z.iso
      .datetime({ offset: true, message: '应为带时区的 ISO 8601 日期时间，例如 2026-03-02T09:30:00+08:00' })
      .optional(),
    petitioner: PetitionerSchema.optional(),
    location: trimmed(200).optional(),
    attachments: z.array(AttachmentSchema).max(50).default([]),
    /** Everyone else who signed (联名信访), sealed like the first petitioner. */
    co_petitioners: z.array(PetitionerSchema).max(500).optional(),
    /** Art. 20: a group visit elects at most 5 representatives. */
    representatives: z.array(PetitionerSchema).max(5, '代表最多 5 人（《信访工作条例》第二十条）').optional(),
  })
  .strict();
export type PetitionInput = z.infer<typeof PetitionInputSchema>;

export const TransitionInputSchema = z
  .object({
    to: z.enum(STEP_NAMES as [string, ...string[]]),
    actor: trimmed(100).min(1, '请写明办理人'),
    reason: trimmed(2000).min(1, '请写明理由'),
    decision: z.enum(DECISIONS).optional(),
    department: trimmed(100).optional(),
    /** 转送: the body the petition is forwarded to (Arts. 22–23). */
    receiver: trimmed(100).min(1).optional(),
    outcome: z.enum(OUTCOMES).optional(),
  })
  .strict();
export type TransitionInput = z.infer<typeof TransitionInputSchema>;

export const ExtensionInputSchema = z
  .object({
    days: z.number().int().min(1).max(30, '延长期限最多 30 日（《信访工作条例》第三十四条）'),
    actor: trimmed(100).min(1),
    reason: trimmed(2000).min(1, '延期须写明理由（《信访工作条例》第三十四条）'),
  })
  .strict();
export type ExtensionInput = z.infer<typeof ExtensionInputSchema>;

export const FollowUpInputSchema = z
  .object({
    satisfaction: z.enum(SATISFACTION),
    comment: trimmed(2000).optional(),
    actor: trimmed(100).min(1),
  })
  .strict();
export type FollowUpInput = z.infer<typeof FollowUpInputSchema>;

export const ListQuerySchema = z.object({
  status: z.enum(STEP_NAMES as [string, ...string[]]).optional(),
  risk: z.enum(['red', 'yellow', 'green']).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  q: z.string().trim().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(20),
  offset: z.coerce.number().int().min(0).default(0),
});
export type ListQuery = z.infer<typeof ListQuerySchema>;
