import { CLOCK_RULES, type ClockKind, daysBetween, localDate, supervisionColour } from './clocks.ts';
import type { Attachment } from './petition-schema.ts';
import { STEPS, type Step, GUARDED_MOVES, nextSteps } from './workflow.ts';
import type { DeadlineRow, PetitionerRow, PetitionRow } from '../store/petitions-repo.ts';

/** Shows the shape of a value without its content: 张三 → 张*, 13812345678 → 138****5678. */
export function maskValue(value: string | null, kind: 'name' | 'id_number' | 'phone' | 'address'): string | null {
  if (!value) return value;
  const chars = [...value];
  switch (kind) {
    case 'name':
      return chars[0] + '*'.repeat(Math.max(chars.length - 1, 1));
    case 'id_number':
      return `${value.slice(0, 3)}${'*'.repeat(11)}${value.slice(-4)}`;
    case 'phone':
      return value.length > 7 ? `${value.slice(0, 3)}****${value.slice(-4)}` : '****';
    case 'address':
      return chars.slice(0, 6).join('') + '…';
  }
}

export interface Petitioner {
  name: string | null;
  id_number: string | null;
  phone: string | null;
  address: string | null;
  masked: boolean;
}

/** The petitioner masked, except the fields in `unmasked` (true: all of them). */
export function petitionerView(
  row: PetitionerRow | undefined,
  unmasked: boolean | readonly string[],
): Petitioner | null {
  if (!row) return null;
  const open = (k: string) => (unmasked === true ? true : Array.isArray(unmasked) && unmasked.includes(k));
  const m = <K extends 'name' | 'id_number' | 'phone' | 'address'>(k: K) => (open(k) ? row[k] : maskValue(row[k], k));
  const masked = !(['name', 'id_number', 'phone', 'address'] as const).every((k) => open(k) || !row[k]);
  return { name: m('name'), id_number: m('id_number'), phone: m('phone'), address: m('address'), masked };
}

export function deadlineView(d: DeadlineRow, now: Date) {
  const rule = CLOCK_RULES[d.kind as ClockKind];
  return {
    kind: d.kind,
    label: rule?.label ?? d.kind,
    article: d.article ? `《信访工作条例》${d.article}` : '本单位督办规则',
    starts_at: d.starts_at,
    due_at: d.due_at,
    met_at: d.met_at,
    days_left: d.met_at ? null : daysBetween(localDate(now), d.due_at),
    binds: rule?.duty ? 'office' : 'petitioner',
    overdue: Boolean(rule?.duty) && !d.met_at && daysBetween(localDate(now), d.due_at) < 0,
  };
}

/** What the department found and decided (Art. 32), for the reply draft: accepted by the office or not yet. */
export interface CaseFindings {
  findings: string;
  outcome: string;
  department: string;
  accepted: boolean;
}

/** The public shape of a petition: what GET /v1/petitions/:id returns. */
export interface Parties {
  co_petitioners: (Petitioner & { kind: string })[];
  representatives: (Petitioner & { kind: string })[];
}

export function petitionView(
  row: PetitionRow,
  deadlines: DeadlineRow[],
  petitioner: Petitioner | null,
  now: Date,
  extra: { findings?: CaseFindings | null; parties?: Parties } = {},
) {
  const status = row.status as Step;
  const supervision = supervisionColour(
    deadlines.map((d) => ({ kind: d.kind, dueAt: d.due_at, metAt: d.met_at })),
    row.extended === 1,
    now,
  );
  return {
    id: row.id,
    title: row.title,
    text: row.text,
    channel: row.channel,
    source: row.source,
    received_at: row.received_at,
    location: row.location,
    attachments: JSON.parse(row.attachments) as Attachment[],
    status,
    status_label: STEPS[status],
    next_steps: nextSteps(status).map((s) => ({
      to: s,
      label: STEPS[s],
      via: GUARDED_MOVES[s] ?? 'POST /v1/petitions/:id/transitions',
    })),
    outcome: row.outcome,
    /** The handling round (issue 18): 二次督办, 复查 and 复核 each open a new one with its own reply. */
    round: (row as PetitionRow & { round?: number }).round ?? 1,
    /** The current round's department findings and outcome, which the reply draft states (null until reported). */
    findings: extra.findings ?? null,
    extended: row.extended === 1,
    risk_level: row.risk_level,
    risk_score: row.risk_score,
    category: row.category,
    emotion: row.emotion,
    triage: row.triage ? JSON.parse(row.triage) : null,
    supervision: { colour: supervision.colour, days_left: supervision.daysLeft },
    deadlines: deadlines.map((d) => deadlineView(d, now)),
    petitioner,
    /** Co-petitioners and representatives (Art. 20), masked like the petitioner (issue 18). */
    parties: extra.parties ?? null,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

export type PetitionView = ReturnType<typeof petitionView>;
