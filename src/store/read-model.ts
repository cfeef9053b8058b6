import type { Db } from './db.ts';
import type { PetitionRow } from './petitions-repo.ts';

/**
 * What the dashboard and supervision pages show, read from the summaries of migration 017 that triggers keep
 * in step with the rows. A page view reads a handful of summary rows (per day, month or key), never every
 * petition, so it costs the same at a million petitions as at a thousand.
 */
export interface Count {
  key: string;
  n: number;
}

export interface MonthFigures {
  month: string;
  withIdentity: number;
  repeats: number;
  replied: number;
  /** Total milliseconds from receipt to the first move into 答复 of the month's replied petitions. */
  replyMs: number;
}

export interface DashboardFigures {
  total: number;
  /** Petitions by the office's local day of receipt, days in [since, until] that have any. */
  byDay: Count[];
  byCategory: Count[];
  byChannel: Count[];
  byLocation: Count[];
  satisfaction: Count[];
  met: { onTime: number; late: number };
  /** Open duty clocks due before `today`. */
  overdueClocks: number;
  months: MonthFigures[];
}

/** The dashboard's figures; `today` and `since` are local dates (YYYY-MM-DD). */
export function dashboardFigures(db: Db, today: string, since: string): DashboardFigures {
  const top = (dim: string, limit: number) =>
    db
      .prepare('SELECT key, n FROM stat_counts WHERE dim = ? AND n > 0 ORDER BY n DESC, key LIMIT ?')
      .all(dim, limit) as Count[];
  const one = (dim: string, key: string) =>
    (db.prepare('SELECT n FROM stat_counts WHERE dim = ? AND key = ?').pluck().get(dim, key) as number | undefined) ??
    0;
  return {
    total: one('total', ''),
    byDay: db
      .prepare("SELECT key, n FROM stat_counts WHERE dim = 'day' AND key BETWEEN ? AND ? AND n > 0 ORDER BY key")
      .all(since, today) as Count[],
    byCategory: top('category', 12),
    byChannel: top('channel', 12),
    byLocation: top('location', 10),
    satisfaction: top('satisfaction', -1),
    met: { onTime: one('met', 'on_time'), late: one('met', 'late') },
    overdueClocks:
      (db.prepare('SELECT COALESCE(SUM(n), 0) FROM stat_open_clocks WHERE due_at < ?').pluck().get(today) as number) ??
      0,
    months: db
      .prepare(
        `SELECT month, with_identity AS withIdentity, repeats, replied, reply_ms AS replyMs FROM stat_months
         WHERE with_identity > 0 OR replied > 0 ORDER BY month`,
      )
      .all() as MonthFigures[],
  };
}

/** Petitions and red or yellow petitions per location as written (the map matches them to townships). */
export function placeCounts(db: Db): { location: string; n: number; warned: number }[] {
  return db
    .prepare(
      `SELECT a.key AS location, a.n AS n, COALESCE(w.n, 0) AS warned FROM stat_counts a
       LEFT JOIN stat_counts w ON w.dim = 'place_warned' AND w.key = a.key WHERE a.dim = 'place' AND a.n > 0`,
    )
    .all() as { location: string; n: number; warned: number }[];
}

export interface Listed {
  rows: PetitionRow[];
  total: number;
}

/** The three lists of the supervision page, each cut to `limit` rows with its full count. */
export interface SupervisionBoard {
  /** 红牌: an open duty clock past its day, most overdue first. */
  overdue: Listed;
  /** 黄牌, not closed: the earliest open duty clock within [today, soon], or extended, and not red; soonest first. */
  nearly: Listed;
  /** 督办 queue (status supervising), newest first. */
  queue: Listed;
}

/** `today` and `soon` (today + YELLOW_DAYS) are local dates. */
export function supervisionBoard(db: Db, today: string, soon: string, limit: number): SupervisionBoard {
  const overdueTotal = db
    .prepare('SELECT COALESCE(SUM(n), 0) FROM stat_petition_due WHERE due_at < ?')
    .pluck()
    .get(today) as number;
  const overdue = db
    .prepare(
      'SELECT p.* FROM petition_due d JOIN petitions p ON p.id = d.petition_id WHERE d.due_at < ? ORDER BY d.due_at, d.petition_id LIMIT ?',
    )
    .all(today, limit) as PetitionRow[];
  // Both sets are small whatever the register's size: cases due within a few days, and extended open ones.
  const yellow = `FROM petitions p LEFT JOIN petition_due d ON d.petition_id = p.id
    WHERE p.id IN (SELECT petition_id FROM petition_due WHERE due_at BETWEEN @today AND @soon
                   UNION SELECT id FROM petitions WHERE extended = 1 AND status != 'closed')
      AND p.status != 'closed' AND (d.due_at IS NULL OR d.due_at >= @today)`;
  const nearlyTotal = db.prepare(`SELECT COUNT(*) ${yellow}`).pluck().get({ today, soon }) as number;
  const nearly = db
    .prepare(`SELECT p.* ${yellow} ORDER BY COALESCE(d.due_at, '9999'), p.id LIMIT @limit`)
    .all({ today, soon, limit }) as PetitionRow[];
  const queueTotal =
    (db.prepare("SELECT n FROM stat_counts WHERE dim = 'status' AND key = 'supervising'").pluck().get() as
      | number
      | undefined) ?? 0;
  const queue = db
    .prepare("SELECT * FROM petitions WHERE status = 'supervising' ORDER BY received_at DESC, id DESC LIMIT ?")
    .all(limit) as PetitionRow[];
  return {
    overdue: { rows: overdue, total: overdueTotal },
    nearly: { rows: nearly, total: nearlyTotal },
    queue: { rows: queue, total: queueTotal },
  };
}

export interface FollowUpRow {
  petition_id: string;
  title: string | null;
  satisfaction: string;
  comment: string | null;
  actor: string;
  created_at: string;
  status: string;
}

/** The latest follow-ups with their petition's title and step. */
export function recentFollowUps(db: Db, limit = 50): FollowUpRow[] {
  return db
    .prepare(
      `SELECT f.petition_id, p.title, f.satisfaction, f.comment, f.actor, f.created_at, p.status
       FROM follow_ups f JOIN petitions p ON p.id = f.petition_id ORDER BY f.created_at DESC, f.id DESC LIMIT ?`,
    )
    .all(limit) as FollowUpRow[];
}
