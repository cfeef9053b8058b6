import { z } from '@hono/zod-openapi';
import { AttachmentSchema } from './schemas.ts';

// Departments (承办单位), assignments (交办) and 督办 notices as the API sends them: every field, snake_case.

export const DepartmentSchema = z
  .object({ id: z.string(), name: z.string(), created_at: z.string(), active: z.number() })
  .openapi('Department');
export const AssignmentSchema = z
  .object({
    id: z.number(),
    petition_id: z.string(),
    department: z.object({ id: z.string(), name: z.string() }),
    round: z.number(),
    status: z.enum(['open', 'reported', 'accepted', 'returned', 'withdrawn']),
    assigned_by: z.string(),
    assigned_at: z.string(),
    due_on: z.string(),
    instructions: z.string().nullable(),
    findings: z.string().nullable(),
    outcome: z.string().nullable(),
    attachments: z.array(AttachmentSchema),
    reported_by: z.string().nullable(),
    reported_at: z.string().nullable(),
    assessed_by: z.string().nullable(),
    assessed_at: z.string().nullable(),
    extension: z
      .object({
        days: z.number().nullable(),
        reason: z.string().nullable(),
        status: z.enum(['requested', 'granted', 'refused']),
      })
      .nullable(),
    closed_at: z.string().nullable(),
    supervision: z.object({ colour: z.string().nullable(), days_left: z.number().nullable() }),
  })
  .openapi('Assignment');
export const NoticeSchema = z
  .object({
    id: z.string().openapi({ description: 'N + the case-file event sequence number: stable, for de-duplication' }),
    petition_id: z.string(),
    assignment_id: z.number(),
    department: z.string(),
    department_id: z.string(),
    message: z.string(),
    due_on: z.string(),
    days_left: z.number().nullable(),
    actor: z.string(),
    created_at: z.string(),
  })
  .openapi('SupervisionNotice');
/** A department's new API key (shown once) with the key's record. */
export const DepartmentKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  role: z.string(),
  prefix: z.string(),
  created_at: z.string(),
  created_by: z.string(),
  revoked_at: z.string().nullable(),
  revoked_by: z.string().nullable(),
  key: z.string(),
  department_id: z.string(),
});
