import { randomBytes } from 'node:crypto';
import type { EventLog } from '../audit/event-log.ts';
import type { Clock } from '../clock.ts';
import { conflict, notFound } from '../errors.ts';
import type { Logger } from '../log.ts';
import { createAlertsRepo } from '../store/alerts-repo.ts';
import { tx, type Db } from '../store/db.ts';
import type { TriageResult } from '../triage/types.ts';
import type { AckInput } from './alert-schema.ts';
import type { AlertBus, BusEvent } from './alert-bus.ts';
import { createAlertRelay } from './alert-relay.ts';
import { createNoticeReader } from '../cases/notice-read.ts';
import { createNoticeRelay } from './notice-relay.ts';
import { createMatchIndex } from './match-index.ts';
import {
  CLUSTER_MIN_PETITIONERS,
  createClusterer,
  type ClusterSummary,
  type NewPetition,
  type WarmCursor,
} from './clusters.ts';
import { createAlertHub, type AlertSubscriber } from './hub.ts';
import { announcesGroupAction } from './matter.ts';
import {
  ESCALATE_AFTER_MS,
  ESCALATION_CHECK_MS,
  MAX_ESCALATION_LEVEL,
  type Alert,
  type AlertEvidence,
  type AlertStatusFilter,
  type Cluster,
  type DispatchMessage,
  type SupervisionNotice,
} from './types.ts';
import { createWebhookSender, type WebhookOptions } from './webhook.ts';

export interface AlertServiceDeps {
  db: Db;
  clock: Clock;
  events: EventLog;
  log: Logger;
  /** Set when ALERT_WEBHOOK_URL is configured; tests shorten the backoff. */
  webhook?: Pick<
    WebhookOptions,
    'url' | 'secret' | 'fetch' | 'maxAttempts' | 'baseDelayMs' | 'maxDelayMs' | 'timeoutMs' | 'now'
  >;
  /** Seals personal data in an acknowledgement note (cases/sealed-notes.ts); tests without a cipher keep it. */
  sealNote?: (petitionId: string, text: string) => string;
  /**
   * Set when several instances share one PostgreSQL database: alert events raised here are announced to the
   * others, and theirs reach this instance's streams. Without it (SQLite) the in-process hub is enough.
   */
  bus?: AlertBus;
  escalateAfterMs?: number;
  maxEscalationLevel?: number;
  checkEveryMs?: number;
  /** Draws an alert (AL) or cluster (CL) number; tests pass their own to force a collision. */
  drawId?: (prefix: 'AL' | 'CL', at: Date) => string;
}

/** Most alerts escalated in one transaction, so that a backlog never holds the event loop for long. */
export const ESCALATION_BATCH = 100;
/** Petitions read into the cluster cache per turn at start (about 7 ms of work each turn). */
const WARM_BATCH = 200;

const drawRandomId = (prefix: string, at: Date) =>
  `${prefix}${at.toISOString().slice(0, 10).replaceAll('-', '')}-${randomBytes(4).toString('hex').toUpperCase()}`;
/**
 * Alert and cluster numbers are the day and 32 random bits, like case numbers (cases/case-service.ts). A number
 * already taken is drawn again: a collision must never fail the registration the alert is raised in.
 */
function freshId(
  draw: (prefix: 'AL' | 'CL', at: Date) => string,
  prefix: 'AL' | 'CL',
  at: Date,
  taken: (id: string) => boolean,
): string {
  for (let i = 0; i < 5; i++) {
    const id = draw(prefix, at);
    if (!taken(id)) return id;
  }
  throw new Error(`连续 5 次生成的${prefix === 'AL' ? '预警' : '聚集'}编号都已被占用：编号生成器有误`);
}
const slimSignals = (r: TriageResult) =>
  r.risk.signals.map(({ code, evidence, weight }) => ({ code, evidence, weight }));

/** Red alerts: raised in the registration transaction, pushed after it commits, acknowledged or escalated. */
export function createAlertService(deps: AlertServiceDeps) {
  const { db, clock, events, log } = deps;
  const repo = createAlertsRepo<AlertEvidence>(db);
  const hub = createAlertHub();
  const escalateAfterMs = deps.escalateAfterMs ?? ESCALATE_AFTER_MS;
  const maxLevel = deps.maxEscalationLevel ?? MAX_ESCALATION_LEVEL;
  const drawId = deps.drawId ?? drawRandomId;
  const nowIso = () => clock.now().toISOString();
  const clusterer = createClusterer(repo, nowIso, createMatchIndex(db));
  const webhook = deps.webhook
    ? createWebhookSender({
        ...deps.webhook,
        db,
        clock,
        log,
        // A retry may land after shutdown closed the database; its record is then lost, not a crash.
        // webhook_deliveries rows hang on an alert; a notice's attempts are only logged when they fail.
        record: (d) => db.open && d.event !== 'notice' && repo.insertDelivery(d),
      })
    : null;
  if (deps.webhook && !deps.webhook.secret)
    log.warn('ALERT_WEBHOOK_URL is set without ALERT_WEBHOOK_SECRET: alerts are posted unsigned');
  let timer: NodeJS.Timeout | null = null;
  const notices = deps.bus
    ? createNoticeRelay({
        log,
        notices: createNoticeReader(db),
        publish: (notice) => hub.publish({ type: 'notice', notice }),
        readable: () => db.open,
      })
    : null;
  const relay = deps.bus
    ? createAlertRelay({
        bus: deps.bus,
        log,
        nowMs: () => clock.now().getTime(),
        get: (id) => repo.get(id),
        createdSince: (since) => repo.createdSince(since),
        publish: (message) => hub.publish(message),
        readable: () => db.open,
        notices: notices ?? undefined,
      })
    : null;
  // Inside the transaction that records the event: the other instances hear of it only once it has committed.
  const announce = (e: BusEvent) => deps.bus?.announce(e);

  // Alerts raised inside a transaction wait here; they are pushed once it has committed (see flush).
  let pending: string[] = [];
  let flushScheduled = false;

  function dispatch(message: DispatchMessage) {
    // An ack, escalation or notice never overtakes an alert raised before it.
    if (message.type !== 'alert' && pending.length && !db.inTransaction) flush();
    hub.publish(message);
    // Alerts and escalations reached the outbox in the transaction that recorded them (raise, checkEscalations).
    if (webhook && message.type === 'notice') webhook.send(message);
    else if (webhook && message.type !== 'ack') webhook.resume();
  }

  /**
   * better-sqlite3 transactions are synchronous, so by the time a microtask runs the transaction that raised
   * an alert has committed or rolled back. An alert whose row is gone was rolled back and is never pushed.
   */
  function flush() {
    if (db.open && db.inTransaction) {
      setImmediate(flush); // someone holds a transaction open across turns; wait for it to end
      return;
    }
    flushScheduled = false;
    const ids = pending;
    pending = [];
    for (const id of ids) {
      let alert: Alert | undefined;
      try {
        alert = db.open ? repo.get(id) : undefined;
      } catch (e) {
        // The database went away after the transaction ended (PostgreSQL restarting); thrown from a microtask the
        // error would end the process. A committed alert is in the outbox already; streams can replay open alerts.
        log.error('pushing a raised alert failed', { alert_id: id, error: String(e) });
        continue;
      }
      if (!alert) continue;
      relay?.local(alert);
      dispatch({ type: 'alert', alert });
    }
  }

  function raise(a: {
    kind: Alert['kind'];
    petitionId: string;
    clusterId: string | null;
    reason: string;
    evidence: AlertEvidence;
  }): Alert {
    const now = clock.now();
    const alert = {
      id: freshId(drawId, 'AL', now, (id) => repo.get(id) !== undefined),
      kind: a.kind,
      petition_id: a.petitionId,
      cluster_id: a.clusterId,
      level: 'red' as const,
      reason: a.reason,
      evidence: a.evidence,
      created_at: now.toISOString(),
      next_escalation_at: new Date(now.getTime() + escalateAfterMs).toISOString(),
    };
    repo.insert(alert);
    events.append({
      petitionId: a.petitionId,
      type: 'alert_raised',
      actor: 'system',
      payload: {
        alert_id: alert.id,
        kind: a.kind,
        cluster_id: a.clusterId,
        level: 'red',
        reason: a.reason,
        evidence: a.evidence as Record<string, unknown>,
      },
    });
    announce({ type: 'alert', alertId: alert.id });
    const stored = repo.get(alert.id)!;
    webhook?.enqueue({ type: 'alert', alert: stored });
    pending.push(alert.id);
    if (!flushScheduled) {
      flushScheduled = true;
      queueMicrotask(flush);
    }
    return stored;
  }

  /** Raises the cluster's alert when it first qualifies; returns the petitions that the alert makes red. */
  function clusterAlert(summary: ClusterSummary, p: NewPetition, petitionAlerted: boolean): string[] {
    // A petition joining a cluster that is already a mass incident or group action is part of it.
    if (summary.alertId !== null) return [p.id];
    const mass = summary.distinctPetitioners >= CLUSTER_MIN_PETITIONERS;
    // A lone petition announcing a group action already has its own alert when it is red; one is enough.
    if (!mass && !(summary.groupAction && !(summary.size === 1 && petitionAlerted))) return [];
    const cluster = clusterer.get(summary.id)!;
    const alert = raise({
      kind: 'cluster',
      petitionId: p.id,
      clusterId: cluster.id,
      reason: mass ? 'mass_petitioners' : 'group_action',
      evidence: {
        matter: { kind: cluster.matter_kind, name: cluster.matter },
        distinct_petitioners: cluster.distinct_petitioners,
        members: cluster.members,
      },
    });
    repo.setClusterAlert(cluster.id, alert.id);
    // Every member's own case file shows that it is part of a mass incident; the alert's events stay with p.
    for (const m of cluster.members) {
      if (m.petition_id !== p.id)
        events.append({
          petitionId: m.petition_id,
          type: 'cluster_alert',
          actor: 'system',
          payload: { alert_id: alert.id, cluster_id: cluster.id, raised_by: p.id },
        });
    }
    return [...new Set([p.id, ...cluster.members.map((m) => m.petition_id)])];
  }

  const service = {
    /**
     * The case service's onTriaged hook: runs inside the registration transaction. Returns the petitions that a
     * cluster alert makes red, so the case service can give each of them one level everywhere.
     */
    onTriaged(p: NewPetition, result: TriageResult): string[] {
      // A re-triage of a petition that already raised its alert must not raise a second one.
      let petitionAlerted = repo.hasPetitionAlert(p.id);
      if (result.risk.level === 'red' && !petitionAlerted) {
        raise({
          kind: 'petition',
          petitionId: p.id,
          clusterId: null,
          reason: 'red_petition',
          evidence: {
            title: p.title,
            score: result.risk.score,
            signals: slimSignals(result),
            category: result.category.label,
            emotion: result.emotion.label,
          },
        });
        petitionAlerted = true;
      }
      const cluster = clusterer.assign(p, announcesGroupAction(p.text, result.risk.signals), () =>
        freshId(drawId, 'CL', clock.now(), (id) => repo.getCluster(id) !== undefined),
      );
      return cluster ? clusterAlert(cluster, p, petitionAlerted) : [];
    },

    get(id: string): Alert {
      const alert = repo.get(id);
      if (!alert) throw notFound('alert', id);
      return alert;
    },

    /** An alert with its webhook attempts and, for a cluster alert, the cluster as it stands now. */
    view(id: string) {
      const alert = service.get(id);
      return {
        ...alert,
        cluster: alert.cluster_id ? (clusterer.get(alert.cluster_id) ?? null) : null,
        webhook_deliveries: repo.deliveries(id),
      };
    },

    list(q: { status?: AlertStatusFilter; kind?: Alert['kind']; limit: number; offset: number }) {
      const { rows, total } = repo.list(q);
      return { items: rows, total, limit: q.limit, offset: q.offset };
    },

    /** Acknowledges an alert (stops its escalation); 409 when it was acknowledged already. */
    ack(id: string, input: AckInput): Alert {
      const alert = tx(db, () => {
        const a = repo.get(id);
        if (!a) throw notFound('alert', id);
        const at = nowIso();
        const note = input.note ? (deps.sealNote?.(a.petition_id, input.note) ?? input.note) : null;
        if (!repo.ack(id, input.actor, at, note))
          throw conflict('already_acked', `预警 ${id} 已由 ${a.acked_by} 于 ${a.acked_at} 签收`);
        const responseMs = new Date(at).getTime() - new Date(a.created_at).getTime();
        events.append({
          petitionId: a.petition_id,
          type: 'alert_acked',
          actor: input.actor,
          payload: { alert_id: id, note, response_ms: responseMs, escalation_level: a.escalation_level },
        });
        announce({ type: 'ack', alertId: id });
        return repo.get(id)!;
      });
      dispatch({ type: 'ack', alert });
      return alert;
    },

    /**
     * Escalates the unacknowledged alerts whose response time has run out, the longest overdue first, at most
     * ESCALATION_BATCH of them (the timer calls again at once while a batch comes back full); returns them.
     * Instances sharing a PostgreSQL database claim their batch (repo.due), so each alert is escalated once.
     */
    checkEscalations(): Alert[] {
      const now = clock.now();
      const escalated = tx(db, () =>
        repo.due(now.toISOString(), ESCALATION_BATCH).flatMap((a) => {
          const level = a.escalation_level + 1;
          const next = level < maxLevel ? new Date(now.getTime() + escalateAfterMs).toISOString() : null;
          if (!repo.escalate(a.id, now.toISOString(), next)) return [];
          events.append({
            petitionId: a.petition_id,
            type: 'alert_escalated',
            actor: 'system',
            payload: {
              alert_id: a.id,
              escalation_level: level,
              unacknowledged_ms: now.getTime() - new Date(a.created_at).getTime(),
            },
          });
          announce({ type: 'escalation', alertId: a.id });
          const stored = repo.get(a.id)!;
          webhook?.enqueue({ type: 'escalation', alert: stored });
          return [stored];
        }),
      );
      for (const alert of escalated) dispatch({ type: 'escalation', alert });
      return escalated;
    },

    clusters: {
      list: (q: { limit: number; offset: number }) => {
        const { rows, total } = repo.listClusters(q);
        return { items: rows.map((r) => clusterer.get(r.id)!), total, limit: q.limit, offset: q.offset };
      },
      get: (id: string): Cluster => {
        const c = clusterer.get(id);
        if (!c) throw notFound('cluster', id);
        return c;
      },
    },

    /**
     * Pushes a 督办 notice to the streams and the webhook like an alert event. Call it after the transaction that
     * recorded the notice has committed (a rolled-back notice must never reach the department).
     */
    notify(notice: SupervisionNotice) {
      // A reconnect's catch-up may have put it on the streams between the commit and now; the webhook still gets it.
      if (notices?.local(notice) === false) webhook?.send({ type: 'notice', notice });
      else dispatch({ type: 'notice', notice });
    },

    /**
     * Tells the other instances of a 督办 notice or clock reminder: call it inside the transaction that records it
     * (they read it back from the case file once it has committed, and never hear of it if it rolls back).
     */
    announceNotice(notice: SupervisionNotice) {
      announce({ type: 'notice', noticeId: notice.id, petitionId: notice.petition_id });
    },

    subscribe: (s: AlertSubscriber) => hub.subscribe(s),
    get subscribers() {
      return hub.size;
    },
    /** Resolves when the webhook has finished every delivery started so far (tests, shutdown). */
    webhookIdle: () => webhook?.idle() ?? Promise.resolve(),

    /** Starts the escalation timer; unref'd so it never keeps the process alive. */
    start() {
      // Deliveries an earlier run left in the outbox (receiver down, process stopped) go out now.
      webhook?.resume();
      relay?.start();
      if (timer) return;
      // A backlog (alerts left unacknowledged while the service was down, a flood) is escalated a batch per turn
      // of the event loop: requests are served between batches instead of waiting for the whole backlog.
      const check = () => {
        if (!db.open || !timer) return;
        try {
          if (service.checkEscalations().length === ESCALATION_BATCH) setImmediate(check);
        } catch (e) {
          log.error('alert escalation check failed', { error: String(e) });
        }
      };
      timer = setInterval(check, deps.checkEveryMs ?? ESCALATION_CHECK_MS);
      timer.unref();
      // The week's petitions are read into the clusterer's cache a batch per turn, between requests.
      const warm = (cursor: WarmCursor | null) => {
        if (!db.open || !timer) return;
        try {
          const next = clusterer.warm(cursor, WARM_BATCH);
          if (next) setImmediate(warm, next);
        } catch (e) {
          log.error('warming the cluster cache failed', { error: String(e) });
        }
      };
      setImmediate(warm, null);
    },

    /** Stops the timer, ends every open stream and cancels webhook retries. */
    close() {
      if (timer) clearInterval(timer);
      timer = null;
      relay?.close();
      hub.closeAll();
      webhook?.close();
    },
  };
  return service;
}

export type AlertService = ReturnType<typeof createAlertService>;
