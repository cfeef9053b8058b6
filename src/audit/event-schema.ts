import { z } from 'zod';

/**
 * The case file's record types (一事一档): one member per event type, each with its own payload schema, checked
 * on append so the legal record never holds a payload nobody defined. Known fields are typed and required as the
 * services write them; a field a service adds later must still be a JSON value (catchall), so adding one is not a
 * half-write, while a wrong type or a missing field of a known one is refused. A new event type is a new member.
 */
const text = z.string();
const id = z.string().min(1);
const int = z.number().int();
const count = int.min(0);
const isoTime = z.string().min(10);
const nullableText = text.nullable();

/** An object payload whose listed fields are checked; other keys must be plain JSON values. */
const payload = <T extends z.ZodRawShape>(shape: T) => z.object(shape).catchall(z.json());

/** Nested results (triage, evidence) keep their own shapes; the case file checks the fields it relies on. */
const looseJson = z.record(z.string(), z.json());

const triageLabel = z.object({ label: text }).catchall(z.json());

export const CASE_EVENT_PAYLOADS = {
  registered: payload({
    channel: text,
    source: nullableText,
    received_at: isoTime,
    title: nullableText,
    // SHA-256 of the text as the petitioner wrote it (before sealing); verify recomputes it from the stored row.
    text_sha256: z.string().regex(/^[0-9a-f]{64}$/),
    petitioner_recorded: z.boolean(),
    attachments: count,
    co_petitioners: count,
    representatives: count,
    people: count,
  }),
  triaged: payload({
    emotion: triageLabel,
    category: triageLabel,
    risk: z
      .object({ level: z.enum(['red', 'yellow', 'green']), score: z.number(), signals: z.array(z.json()) })
      .catchall(z.json()),
  }),
  transition: payload({
    from: id,
    to: id,
    step: text,
    reason: text,
    round: count,
    decision: text.optional(),
    department: text.optional(),
    receiver: text.optional(),
    kind: text.optional(),
    outcome: text.optional(),
    draft_id: int.optional(),
    second_supervision: z.boolean().optional(),
  }),
  extended: payload({ days: int.min(1), reason: text, from: text, to: text }),
  follow_up: payload({ satisfaction: text, comment: nullableText }),
  pii_read: payload({ fields: z.array(text).min(1), role: text }),
  risk_raised: payload({ from: nullableText, to: z.literal('red'), reason: text }),
  alert_raised: payload({
    alert_id: id,
    kind: text,
    cluster_id: z.string().nullable(),
    level: z.literal('red'),
    reason: text,
    evidence: looseJson,
  }),
  cluster_alert: payload({ alert_id: id, cluster_id: id, raised_by: id }),
  alert_acked: payload({ alert_id: id, note: nullableText, response_ms: z.number().min(0), escalation_level: count }),
  alert_escalated: payload({ alert_id: id, escalation_level: count, unacknowledged_ms: z.number().min(0) }),
  draft_version: payload({
    version: int.min(1),
    kind: text,
    provider: text,
    citations: z.array(z.json()),
    reply_chars: count,
  }),
  draft_approved: payload({ version: int.min(1), kind: text, citations: z.array(z.json()).optional() }),
  assigned: payload({
    assignment_id: int,
    department: text,
    department_id: id,
    due_on: text,
    days: int.min(1),
    withdrawn: int.nullable(),
  }),
  findings_reported: payload({ assignment_id: int, findings: text, outcome: text, attachments: z.array(z.json()) }),
  findings_assessed: payload({ assignment_id: int, accepted: z.boolean(), reason: text }),
  assignment_extension_requested: payload({ assignment_id: int, days: int.min(1), reason: text }),
  assignment_extension_decided: payload({
    assignment_id: int,
    granted: z.boolean(),
    reason: nullableText,
    from: text,
    to: text,
  }),
  supervision_notice: payload({
    assignment_id: int,
    department: text,
    department_id: id,
    message: text,
    due_on: text,
    days_left: int.nullable(),
  }),
  // A reminder the service sent itself about a statutory clock (cases/clock-reminders.ts); message is the text sent,
  // the department the one handling the case then (null: none, the office only). Every instance builds the pushed
  // notice from this record (cases/notice-read.ts).
  clock_reminder: payload({
    clock: id,
    due_at: text,
    reminder: z.enum(['due_soon', 'overdue']),
    article: text,
    days_left: int,
    message: text,
    assignment_id: int.nullable(),
    department: nullableText,
    department_id: nullableText,
  }),
  department_added: payload({ id, name: text }),
  key_created: payload({ key_id: id, name: text, role: text }),
  key_revoked: payload({ key_id: id }),
  // Written at start-up when the append-only guards of the events table were found missing and re-created.
  guard_restored: payload({ triggers: z.array(text).min(1) }),
} as const;

export type CaseEventType = keyof typeof CASE_EVENT_PAYLOADS;
export const CASE_EVENT_TYPES = Object.keys(CASE_EVENT_PAYLOADS) as CaseEventType[];

const member = <K extends CaseEventType>(type: K) =>
  z.object({
    type: z.literal(type),
    petitionId: z.string().min(1).nullable(),
    // The recorded actor is one readable string (http/auth/actor.ts formats the credential into it).
    actor: z.string().trim().min(1, '事件必须记录操作人').max(300),
    payload: CASE_EVENT_PAYLOADS[type],
  });

/** Every event a service may append, one member per type. */
export const CaseEventInputSchema = z.discriminatedUnion(
  'type',
  CASE_EVENT_TYPES.map(member) as unknown as [
    ReturnType<typeof member<'registered'>>,
    ...ReturnType<typeof member<CaseEventType>>[],
  ],
);
export type CaseEventInput = z.infer<typeof CaseEventInputSchema>;
