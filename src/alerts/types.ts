import type { Notice } from '../cases/assignment-service.ts';
import type { RiskSignal } from '../triage/types.ts';

/** The pilot's response time: an alert not acknowledged within it is escalated (and again after each period). */
export const ESCALATE_AFTER_MS = 3 * 60_000;
/** Escalation stops at this level; by then the alert is on every desk it can reach. */
export const MAX_ESCALATION_LEVEL = 3;
/** How often production checks for alerts to escalate. */
export const ESCALATION_CHECK_MS = 5_000;

export type AlertKind = 'petition' | 'cluster';

/** An alert as dispatch sees it. For a cluster alert, petition_id is the petition that raised it. */
export interface Alert {
  id: string;
  kind: AlertKind;
  petition_id: string;
  cluster_id: string | null;
  level: 'red';
  reason: string;
  evidence: AlertEvidence;
  created_at: string;
  acked_by: string | null;
  acked_at: string | null;
  ack_note: string | null;
  escalated_at: string | null;
  escalation_level: number;
  next_escalation_at: string | null;
}

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

export interface ClusterMember {
  petition_id: string;
  received_at: string;
  matched_by: string;
  similarity: number | null;
  group_action: boolean;
}

export interface Cluster {
  id: string;
  matter_kind: string;
  matter: string;
  first_received_at: string;
  last_received_at: string;
  alert_id: string | null;
  created_at: string;
  updated_at: string;
  distinct_petitioners: number;
  members: ClusterMember[];
}

/** What subscribers of the stream and the webhook receive. */
export type AlertMessageType = 'alert' | 'escalation' | 'ack';
export interface AlertMessage {
  type: AlertMessageType;
  alert: Alert;
}

/** A 督办 notice: a supervisor chasing the department that handles a case (issue 18); cases/ records it. */
export type SupervisionNotice = Notice;

export interface NoticeMessage {
  type: 'notice';
  notice: SupervisionNotice;
}

/** Everything pushed to the streams and the webhook: alert events and 督办 notices. */
export type DispatchMessage = AlertMessage | NoticeMessage;

export type AlertStatusFilter = 'open' | 'acked' | 'escalated';
