import type { Notice } from '../cases/assignment-service.ts';
import type { ClockReminderNotice } from '../cases/clock-reminders.ts';
import type { AlertKind, AlertRecord, AlertStatusFilter, ClusterMember, ClusterRow } from '../store/alerts-repo.ts';
import type { RiskSignal } from '../triage/types.ts';

export type { AlertKind, AlertStatusFilter, ClusterMember };

/** The pilot's response time: an alert not acknowledged within it is escalated (and again after each period). */
export const ESCALATE_AFTER_MS = 3 * 60_000;
/** Escalation stops at this level; by then the alert is on every desk it can reach. */
export const MAX_ESCALATION_LEVEL = 3;
/** How often production checks for alerts to escalate. */
export const ESCALATION_CHECK_MS = 5_000;

/** An alert as dispatch sees it (stored by store/alerts-repo.ts). For a cluster alert, petition_id is the petition that raised it. */
export type Alert = AlertRecord<AlertEvidence>;

export interface AlertEvidence {
  title?: string | null;
  score?: number;
  signals?: Pick<RiskSignal, 'code' | 'evidence' | 'weight'>[];
  category?: string;
  emotion?: string;
  matter?: { kind: string; name: string };
  members?: ClusterMember[];
  distinct_petitioners?: number;
}

/** A cluster as the API shows it: the stored row with its members and how many distinct people signed. */
export interface Cluster extends ClusterRow {
  distinct_petitioners: number;
  members: ClusterMember[];
}

/** What subscribers of the stream and the webhook receive. */
export type AlertMessageType = 'alert' | 'escalation' | 'ack';
export interface AlertMessage {
  type: AlertMessageType;
  alert: Alert;
}

/**
 * A 督办 notice: a supervisor chasing the department that handles a case (issue 18), or the service itself reminding
 * of a statutory clock (cases/clock-reminders.ts, with `reminder` set); cases/ records both.
 */
export type SupervisionNotice = Notice | ClockReminderNotice;

export interface NoticeMessage {
  type: 'notice';
  notice: SupervisionNotice;
}

/** Everything pushed to the streams and the webhook: alert events and 督办 notices. */
export type DispatchMessage = AlertMessage | NoticeMessage;
