import type { Db } from './db.ts';

/** One 回访 as stored: the comment is already sealed by the caller (cases/sealed-notes.ts). */
export interface NewFollowUp {
  petition_id: string;
  satisfaction: string;
  comment: string | null;
  actor: string;
  created_at: string;
}

/** Writes of the follow_ups table; the pages read them through store/read-model.ts (recentFollowUps). */
export function createFollowUpsRepo(db: Db) {
  return {
    /** Records a follow-up; the dashboard's satisfaction summary is kept by a trigger (migration 017). */
    add(row: NewFollowUp): void {
      db.prepare(
        'INSERT INTO follow_ups (petition_id, satisfaction, comment, actor, created_at) VALUES (@petition_id, @satisfaction, @comment, @actor, @created_at)',
      ).run(row);
    },
  };
}

export type FollowUpsRepo = ReturnType<typeof createFollowUpsRepo>;
