import { tx, type Db } from './db.ts';
import { dialectOf } from './dialect.ts';

export interface OutboxRow {
  id: number;
  body: string;
  attempts: number;
}

/**
 * The webhook_outbox table (migration 014): deliveries wait here until the receiver answers 2xx or they give up.
 * The rules (back-off, when to give up, what an attempt logs) stay in alerts/webhook.ts, which passes `maxAttempts`.
 */
export function createWebhookOutboxRepo(db: Db, maxAttempts: number) {
  // Instances sharing a PostgreSQL database each run a pump over the same outbox: a delivery is claimed (locked,
  // rows another instance holds skipped) and leased before it is posted (see claim). SQLite has one writer.
  const pg = dialectOf(db) === 'postgres';
  const s = {
    add: db.prepare('INSERT INTO webhook_outbox (body, created_at, next_attempt_at) VALUES (?, ?, ?)'),
    due: db.prepare(
      `SELECT id, body, attempts FROM webhook_outbox WHERE delivered_at IS NULL AND attempts < ? AND next_attempt_at <= ? ORDER BY id LIMIT 1${pg ? ' FOR UPDATE SKIP LOCKED' : ''}`,
    ),
    lease: db.prepare('UPDATE webhook_outbox SET next_attempt_at = ? WHERE id = ?'),
    nextDueAt: db
      .prepare('SELECT MIN(next_attempt_at) FROM webhook_outbox WHERE delivered_at IS NULL AND attempts < ?')
      .pluck(),
    pending: db.prepare('SELECT COUNT(*) FROM webhook_outbox WHERE delivered_at IS NULL AND attempts < ?').pluck(),
    delivered: db.prepare('UPDATE webhook_outbox SET attempts = ?, delivered_at = ?, last_error = NULL WHERE id = ?'),
    failed: db.prepare('UPDATE webhook_outbox SET attempts = ?, last_error = ?, next_attempt_at = ? WHERE id = ?'),
  };
  return {
    add: (body: string, at: string) => Number(s.add.run(body, at, at).lastInsertRowid),
    /**
     * The oldest delivery due at `at`, to post now (in order: a receiver sees an alert before its acknowledgement,
     * within one instance). On PostgreSQL its next_attempt_at moves to `leaseUntil` in the
     * claiming transaction, so another instance skips it while this one posts it; if this one dies mid-post the
     * delivery falls due again when the lease ends (at least once: receivers de-duplicate by X-Webhook-Id).
     */
    claim: (at: string, leaseUntil: string): OutboxRow | undefined => {
      if (!pg) return s.due.get(maxAttempts, at) as OutboxRow | undefined;
      return tx(db, () => {
        const row = s.due.get(maxAttempts, at) as OutboxRow | undefined;
        if (row) s.lease.run(leaseUntil, row.id);
        return row;
      });
    },
    nextDueAt: () => s.nextDueAt.get(maxAttempts) as string | null,
    pending: () => s.pending.get(maxAttempts) as number,
    delivered: (id: number, attempts: number, at: string) => s.delivered.run(attempts, at, id),
    failed: (id: number, attempts: number, error: string, next: string) =>
      s.failed.run(attempts, error.slice(0, 500), next, id),
  };
}

export type WebhookOutboxRepo = ReturnType<typeof createWebhookOutboxRepo>;
