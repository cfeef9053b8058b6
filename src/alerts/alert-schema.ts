import { z } from 'zod';

export const AckInputSchema = z
  .object({
    actor: z.string().trim().min(1, '请写明签收人').max(100),
    note: z.string().trim().max(2000).optional(),
  })
  .strict();
export type AckInput = z.infer<typeof AckInputSchema>;

export const AlertListQuerySchema = z.object({
  /** open: not acknowledged; acked: acknowledged; escalated: escalated at least once (acknowledged or not). */
  status: z.enum(['open', 'acked', 'escalated']).optional(),
  kind: z.enum(['petition', 'cluster']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type AlertListQuery = z.infer<typeof AlertListQuerySchema>;

export const ClusterListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
