import { addDays, localDate, YELLOW_DAYS } from '../statutory-clocks.ts';
import { deadlinesOf } from './case-search.ts';
import type { Db } from './db.ts';
import type { DeadlineRow, PetitionRow } from './petitions-repo.ts';
import { recentFollowUps, supervisionBoard, type FollowUpRow, type Listed } from './read-model.ts';

/** One list of the 督办 page: its first rows with their deadlines, and its full count. */
export interface SupervisionList {
  rows: PetitionRow[];
  /** Each listed petition's deadlines (read in one query per list). */
  deadlines: Map<string, DeadlineRow[]>;
  total: number;
}

/** What the 督办 page shows: red, yellow, the supervision queue, and the latest follow-up results. */
export interface SupervisionPage {
  overdue: SupervisionList;
  nearly: SupervisionList;
  queue: SupervisionList;
  followUps: FollowUpRow[];
}

/** The 督办 page's data as of `now` (the office's local day), each list cut to `limit` rows. */
export function readSupervisionPage(db: Db, now: Date, limit: number): SupervisionPage {
  const today = localDate(now);
  const board = supervisionBoard(db, today, addDays(today, YELLOW_DAYS), limit);
  const list = (l: Listed): SupervisionList => ({
    rows: l.rows,
    deadlines: deadlinesOf(
      db,
      l.rows.map((r) => r.id),
    ),
    total: l.total,
  });
  return {
    overdue: list(board.overdue),
    nearly: list(board.nearly),
    queue: list(board.queue),
    followUps: recentFollowUps(db),
  };
}
