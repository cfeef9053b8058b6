import { z } from 'zod';
import { AppError } from '../errors.ts';
import { tx, type Db } from '../store/db.ts';
import type { AssignmentService } from './assignment-service.ts';
import type { CaseService } from './case-service.ts';

/** What a clerk can do to a selection of cases at once: each is one legal move of the workflow. */
export const BULK_ACTIONS = {
  route: { label: '分流：交承办单位', to: 'routed', needsDepartment: true },
  assign: { label: '交办承办单位（带办理期限）', to: 'assigned', needsDepartment: true },
  supervise: { label: '列入督办', to: 'supervising', needsDepartment: false },
} as const;
export type BulkAction = keyof typeof BULK_ACTIONS;

/** At most this many cases in one batch: one transaction, one page of results. */
export const MAX_SELECTED = 200;
/** The deadline a bulk 交办 gives when none is named; 1–60 days as for one case. */
export const DEFAULT_ASSIGN_DAYS = 15;

/** The fields of a batch as a client sends them (the actor comes from the credential). */
export const BulkFieldsSchema = z.object({
  ids: z
    .array(z.string().trim().min(1).max(64))
    .min(1, '请先选择要办理的信访事项')
    .max(MAX_SELECTED, `一次最多办理 ${MAX_SELECTED} 件`),
  action: z.enum(Object.keys(BULK_ACTIONS) as [BulkAction, ...BulkAction[]], {
    message: '批量操作应为 route（分流）、assign（交办）或 supervise（列入督办）',
  }),
  department: z.string().trim().max(100).optional(),
  days: z
    .number()
    .int()
    .min(1, '办理期限须为 1–60 之间的整数（日）')
    .max(60, '办理期限须为 1–60 之间的整数（日）')
    .default(DEFAULT_ASSIGN_DAYS),
  reason: z.string().trim().min(1, '请填写办理理由（记入每件事项的档案）').max(2000),
});

/** 分流 and 交办 name the department; checked on the whole batch before anything moves. */
export function needsDepartment(v: { action: BulkAction; department?: string }, ctx: z.RefinementCtx) {
  if (BULK_ACTIONS[v.action].needsDepartment && !v.department)
    ctx.addIssue({ code: 'custom', path: ['department'], message: '分流、交办须填写承办单位' });
}

export const BulkInputSchema = BulkFieldsSchema.extend({ actor: z.string().trim().min(1).max(200) })
  .strict()
  .superRefine(needsDepartment);
export type BulkInput = z.infer<typeof BulkInputSchema>;

/** One case the batch could not move, with the refusal the single move would have given. */
export interface Refusal {
  id: string;
  code: string;
  message: string;
}

/**
 * Moves every selected case in one transaction: 交办 makes an assignment with its own deadline, the rest are
 * transitions. On any refusal nothing is written and every refusal is returned (the case id as the path).
 */
export function bulkMove(
  deps: { db: Db; cases: CaseService; assignments: AssignmentService },
  input: BulkInput,
  role?: string,
): Refusal[] {
  const refused: Refusal[] = [];
  const to = BULK_ACTIONS[input.action].to;
  try {
    tx(deps.db, () => {
      for (const id of input.ids) {
        try {
          if (to === 'assigned')
            deps.assignments.assign(id, {
              department: input.department!,
              days: input.days,
              instructions: input.reason,
              actor: input.actor,
            });
          else
            deps.cases.transition(
              id,
              { to, actor: input.actor, reason: input.reason, department: input.department },
              role,
            );
        } catch (e) {
          if (!(e instanceof AppError)) throw e;
          refused.push({ id, code: e.code, message: e.message });
        }
      }
      // Roll the whole batch back when any case refused: a batch is done whole or not at all.
      if (refused.length) throw new AppError(409, 'bulk_refused', '批量操作未完成：有事项不能办理，已全部撤回');
    });
  } catch (e) {
    if (!(e instanceof AppError && e.code === 'bulk_refused')) throw e;
  }
  return refused;
}
