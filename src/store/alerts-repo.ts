import type { Db } from './db.ts';
import { dialectOf } from './dialect.ts';

export type AlertKind = 'petition' | 'cluster';
export type AlertStatusFilter = 'open' | 'acked' | 'escalated';

/**
 * An alert as stored, its evidence parsed; `E` is the evidence's shape (alerts/types.ts AlertEvidence, whose
 * signals are triage's). For a cluster alert, petition_id is the petition that raised it.
 */
export interface AlertRecord<E = unknown> {
  id: string;
  kind: AlertKind;
  petition_id: string;
  cluster_id: string | null;
  level: 'red';
  reason: string;
  evidence: E;
  created_at: string;
  acked_by: string | null;
  acked_at: string | null;
  ack_note: string | null;
  escalated_at: string | null;
  escalation_level: number;
  next_escalation_at: string | null;
}

interface AlertRow extends Omit<AlertRecord, 'evidence'> {
  evidence: string;
}

/** A petition in a cluster: how it matched and whether it announced a group action. */
export interface ClusterMember {
  petition_id: string;
  received_at: string;
  matched_by: string;
  similarity: number | null;
  group_action: boolean;
}

/** A cluster as stored; the API's Cluster (alerts/types.ts) adds its members and head count. */
export interface ClusterRow {
  id: string;
  matter_kind: string;
  matter: string;
  first_received_at: string;
  last_received_at: string;
  alert_id: string | null;
  created_at: string;
  updated_at: string;
}

/** One webhook attempt (alerts/webhook.ts) as written to webhook_deliveries. */
export interface DeliveryRecord {
  alert_id: string;
  event: string;
  attempt: number;
  ok: number;
  status: number | null;
  error: string | null;
  created_at: string;
}

/** One webhook attempt as stored. */
export interface DeliveryRow extends DeliveryRecord {
  id: number;
}

const STATUS_WHERE: Record<AlertStatusFilter, string> = {
  open: 'acked_at IS NULL',
  acked: 'acked_at IS NOT NULL',
  escalated: 'escalation_level > 0',
};

/**
 * The alerts, clusters, cluster_members and webhook_deliveries tables, and the petition reads clustering needs.
 * No business rules here: when to alert, escalate or cluster stays in alerts/.
 */
export function createAlertsRepo<E = unknown>(db: Db) {
  const toAlert = (r: AlertRow): AlertRecord<E> => ({ ...r, evidence: JSON.parse(r.evidence) as E });
  // Several instances share one PostgreSQL database and each runs the escalation timer: the batch is claimed
  // (row locks held until the transaction ends) and rows another instance holds are skipped, so each alert is
  // escalated by one instance (docs/design/postgres.md §4.3). SQLite has one writer and needs no claim.
  const claim = dialectOf(db) === 'postgres' ? ' FOR UPDATE SKIP LOCKED' : '';
  const s = {
    insert: db.prepare(
      `INSERT INTO alerts (id, kind, petition_id, cluster_id, level, reason, evidence, created_at, next_escalation_at)
       VALUES (@id, @kind, @petition_id, @cluster_id, @level, @reason, @evidence, @created_at, @next_escalation_at)`,
    ),
    get: db.prepare('SELECT * FROM alerts WHERE id = ?'),
    createdSince: db.prepare('SELECT id, created_at FROM alerts WHERE created_at >= ? ORDER BY created_at, id'),
    hasPetitionAlert: db.prepare("SELECT 1 FROM alerts WHERE kind = 'petition' AND petition_id = ? LIMIT 1"),
    ack: db.prepare(
      'UPDATE alerts SET acked_by = ?, acked_at = ?, ack_note = ?, next_escalation_at = NULL WHERE id = ? AND acked_at IS NULL',
    ),
    due: db.prepare(
      `SELECT * FROM alerts WHERE next_escalation_at IS NOT NULL AND next_escalation_at <= ? ORDER BY next_escalation_at, id LIMIT ?${claim}`,
    ),
    // Re-checks that the alert is still due: one escalated or acknowledged elsewhere a moment ago is left alone.
    escalate: db.prepare(
      `UPDATE alerts SET escalation_level = escalation_level + 1, escalated_at = @at, next_escalation_at = @next
       WHERE id = @id AND next_escalation_at IS NOT NULL AND next_escalation_at <= @at`,
    ),
    insertCluster: db.prepare(
      `INSERT INTO clusters (id, matter_kind, matter, first_received_at, last_received_at, created_at, updated_at)
       VALUES (@id, @matter_kind, @matter, @first_received_at, @last_received_at, @created_at, @created_at)`,
    ),
    getCluster: db.prepare('SELECT * FROM clusters WHERE id = ?'),
    clustersOf: db.prepare(
      'SELECT DISTINCT c.* FROM clusters c JOIN cluster_members m ON m.cluster_id = c.id WHERE m.petition_id = ? ORDER BY c.created_at',
    ),
    // Counted on the index alone (migration 019); each cluster's row is then read once.
    clusterHits: db.prepare(
      `WITH h AS (SELECT cluster_id, COUNT(*) AS hits FROM cluster_members
         WHERE petition_id IN (SELECT value FROM json_each(?)) GROUP BY cluster_id)
       SELECT c.*, h.hits FROM h JOIN clusters c ON c.id = h.cluster_id ORDER BY h.hits DESC, c.created_at`,
    ),
    touchCluster: db.prepare(
      'UPDATE clusters SET first_received_at = min(first_received_at, @at), last_received_at = max(last_received_at, @at), updated_at = @now WHERE id = @id',
    ),
    setClusterAlert: db.prepare('UPDATE clusters SET alert_id = ? WHERE id = ?'),
    insertMember: db.prepare(
      `INSERT INTO cluster_members (cluster_id, petition_id, matched_by, similarity, group_action, added_at)
       VALUES (@cluster_id, @petition_id, @matched_by, @similarity, @group_action, @added_at) ON CONFLICT DO NOTHING`,
    ),
    members: db.prepare(
      `SELECT m.petition_id, p.received_at, m.matched_by, m.similarity, m.group_action, r.identity_key
       FROM cluster_members m JOIN petitions p ON p.id = m.petition_id LEFT JOIN petitioners r ON r.petition_id = m.petition_id
       WHERE m.cluster_id = ? ORDER BY p.received_at, m.petition_id`,
    ),
    petitionText: db.prepare('SELECT id, title, text, triage FROM petitions WHERE id = ?'),
    // Keyset order on petitions_received_id: each batch starts where the last ended, whatever the window's size.
    petitionTextsAfter: db.prepare(
      `SELECT id, title, text, triage, received_at FROM petitions
       WHERE received_at >= @from AND (received_at > @afterAt OR (received_at = @afterAt AND id > @afterId))
       ORDER BY received_at, id LIMIT @limit`,
    ),
    membersAmong: db.prepare(
      'SELECT petition_id FROM cluster_members WHERE cluster_id = ? AND petition_id IN (SELECT value FROM json_each(?))',
    ),
    // People, not petitions: each member's petitioner and its co-petitioners and representatives (Art. 20), one
    // person per identity hash wherever they signed; without a number a petition's first petitioner is one person
    // and each unnumbered co-signer another.
    summary: db.prepare(
      `SELECT (SELECT COUNT(*) FROM cluster_members WHERE cluster_id = @id) AS size,
       (SELECT COUNT(*) FROM (
          SELECT coalesce(r.identity_key, 'petition:' || m.petition_id) AS who
          FROM cluster_members m LEFT JOIN petitioners r ON r.petition_id = m.petition_id WHERE m.cluster_id = @id
          UNION
          SELECT coalesce(x.identity_key, 'party:' || x.petition_id || ':' || x.seq)
          FROM cluster_members m JOIN petition_parties x ON x.petition_id = m.petition_id WHERE m.cluster_id = @id
       )) AS distinct_petitioners,
       (SELECT max(group_action) FROM cluster_members WHERE cluster_id = @id) AS group_action`,
    ),
    insertDelivery: db.prepare(
      `INSERT INTO webhook_deliveries (alert_id, event, attempt, ok, status, error, created_at)
       VALUES (@alert_id, @event, @attempt, @ok, @status, @error, @created_at)`,
    ),
    deliveries: db.prepare('SELECT * FROM webhook_deliveries WHERE alert_id = ? ORDER BY id'),
  };

  return {
    insert: (a: Omit<AlertRecord<E>, 'acked_by' | 'acked_at' | 'ack_note' | 'escalated_at' | 'escalation_level'>) =>
      s.insert.run({ ...a, evidence: JSON.stringify(a.evidence) }),
    get: (id: string) => {
      const row = s.get.get(id) as AlertRow | undefined;
      return row && toAlert(row);
    },
    /** Ids of the alerts raised at or after `since` (ISO), oldest first: another instance's catch-up. */
    createdSince: (since: string) => s.createdSince.all(since) as { id: string; created_at: string }[],
    hasPetitionAlert: (petitionId: string) => s.hasPetitionAlert.get(petitionId) !== undefined,
    /** Returns false when someone else acknowledged it first. */
    ack: (id: string, actor: string, at: string, note: string | null) => s.ack.run(actor, at, note, id).changes === 1,
    /**
     * Unacknowledged alerts whose escalation is due, the longest overdue first, at most `limit`. On PostgreSQL,
     * call it inside the transaction that escalates them: it claims the rows until that transaction ends.
     */
    due: (now: string, limit: number) => (s.due.all(now, limit) as AlertRow[]).map(toAlert),
    /** Escalates an alert that is still due at `at`; false when it no longer is (escalated or acknowledged). */
    escalate: (id: string, at: string, next: string | null) => s.escalate.run({ id, at, next }).changes === 1,
    list: (f: { status?: AlertStatusFilter; kind?: string; limit: number; offset: number }) => {
      const where = [f.status && STATUS_WHERE[f.status], f.kind && 'kind = @kind'].filter(Boolean);
      const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
      const params = f.kind ? { kind: f.kind } : {};
      const total = (db.prepare(`SELECT COUNT(*) AS n FROM alerts ${clause}`).get(params) as { n: number }).n;
      const rows = db
        .prepare(`SELECT * FROM alerts ${clause} ORDER BY created_at DESC, id LIMIT @limit OFFSET @offset`)
        .all({ ...params, limit: f.limit, offset: f.offset }) as AlertRow[];
      return { rows: rows.map(toAlert), total };
    },

    insertCluster: (c: Omit<ClusterRow, 'alert_id' | 'updated_at'>) => s.insertCluster.run(c),
    getCluster: (id: string) => s.getCluster.get(id) as ClusterRow | undefined,
    clustersOf: (petitionId: string) => s.clustersOf.all(petitionId) as ClusterRow[],
    /** Clusters holding any of the given petitions, with how many of them each holds (most first). */
    clusterHits: (petitionIds: string[]) =>
      s.clusterHits.all(JSON.stringify(petitionIds)) as (ClusterRow & { hits: number })[],
    touchCluster: (id: string, receivedAt: string, now: string) => s.touchCluster.run({ id, at: receivedAt, now }),
    setClusterAlert: (clusterId: string, alertId: string) => s.setClusterAlert.run(alertId, clusterId),
    insertMember: (
      m: Omit<ClusterMember, 'received_at' | 'group_action'> & {
        cluster_id: string;
        group_action: boolean;
        added_at: string;
      },
    ) => s.insertMember.run({ ...m, group_action: m.group_action ? 1 : 0 }),
    members: (clusterId: string) =>
      (
        s.members.all(clusterId) as (Omit<ClusterMember, 'group_action'> & {
          group_action: number;
          identity_key: string | null;
        })[]
      ).map(({ identity_key, group_action, ...m }) => ({ ...m, group_action: group_action === 1, identity_key })),
    listClusters: (f: { limit: number; offset: number }) => {
      const total = (db.prepare('SELECT COUNT(*) AS n FROM clusters').get() as { n: number }).n;
      const rows = db
        .prepare('SELECT * FROM clusters ORDER BY last_received_at DESC, id LIMIT ? OFFSET ?')
        .all(f.limit, f.offset) as ClusterRow[];
      return { rows, total };
    },
    /** Petitions received in [from, to], newest first, for matching a new petition against. */
    petitionText: (id: string) =>
      s.petitionText.get(id) as { id: string; title: string | null; text: string; triage: string | null } | undefined,
    /** Petitions received at or after `from`, in (received_at, id) order after the given one, at most `limit`. */
    petitionTextsAfter: (q: { from: string; afterAt: string; afterId: string; limit: number }) =>
      s.petitionTextsAfter.all(q) as {
        id: string;
        title: string | null;
        text: string;
        triage: string | null;
        received_at: string;
      }[],
    /** Which of the given petitions the cluster holds: primary-key lookups, whatever the size of the cluster. */
    membersAmong: (clusterId: string, petitionIds: string[]) =>
      new Set(
        (s.membersAmong.all(clusterId, JSON.stringify(petitionIds)) as { petition_id: string }[]).map(
          (r) => r.petition_id,
        ),
      ),
    /** Size, distinct people who signed (petitioners, co-petitioners, representatives) and whether any member announced a group action. */
    summary: (clusterId: string) => {
      const r = s.summary.get({ id: clusterId }) as {
        size: number;
        distinct_petitioners: number;
        group_action: number | null;
      };
      return { size: r.size, distinctPetitioners: r.distinct_petitioners, groupAction: r.group_action === 1 };
    },

    insertDelivery: (d: Omit<DeliveryRow, 'id'>) => s.insertDelivery.run(d),
    deliveries: (alertId: string) => s.deliveries.all(alertId) as DeliveryRow[],
  };
}

export type AlertsRepo<E = unknown> = ReturnType<typeof createAlertsRepo<E>>;
