import { z } from 'zod';
import { DRAFT_KINDS } from '../drafting/types.ts';

const text = z.string().trim().min(1, 'text must not be empty').max(20_000, 'text must be at most 20,000 characters');
const title = z.string().trim().max(200).optional();

export const AnalyzeInputSchema = z
  .object({
    text,
    title,
    channel: z.string().trim().max(20).optional(),
    /** How many articles to recommend (0 = triage only). */
    k: z.number().int().min(0).max(50).default(5),
    similar_k: z.number().int().min(0).max(20).default(0),
  })
  .strict();

export const DraftRequestSchema = z
  .object({
    text,
    title,
    kind: z.enum(DRAFT_KINDS).optional(),
  })
  .strict();

export const RecommendInputSchema = z
  .object({
    text: z.string().trim().min(1, 'text must not be empty').max(20_000),
    k: z.number().int().min(1).max(50).default(10),
    category: z.string().trim().max(20).optional(),
  })
  .strict();
