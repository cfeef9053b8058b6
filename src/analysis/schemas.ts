import { z } from 'zod';
import { DRAFT_KINDS } from '../drafting/types.ts';
import { PetitionTextSchema } from '../text/petition-text.ts';

const text = PetitionTextSchema;
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
    text: PetitionTextSchema,
    k: z.number().int().min(1).max(50).default(10),
    category: z.string().trim().max(20).optional(),
  })
  .strict();
