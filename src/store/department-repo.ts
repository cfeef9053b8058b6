import type { Db } from './db.ts';

/** A 督办 notice event as stored; its payload (audit/event-schema.ts) holds the rest of the notice. */
export interface NoticeEventRow {
  seq: number;
  petition_id: string;
  actor: string;
  payload: string;
  created_at: string;
}

/**
 * The department keys (migration 016) and the 督办 notices a department has received (supervision_notice events):
 * what cases/assignment-service.ts reads and writes for the 承办单位, kept here so the service holds no SQL.
 */
export function createDepartmentRepo(db: Db) {
  const keyScope = db.prepare('SELECT department_id FROM department_keys WHERE key_id = ?').pluck();
  const bindKey = db.prepare('INSERT INTO department_keys (key_id, department_id) VALUES (?, ?)');
  return {
    /** The department a key acts for, if it is a bound department key. */
    departmentOfKey: (keyId: string) => keyScope.get(keyId) as string | undefined,
    bindKey: (keyId: string, departmentId: string) => void bindKey.run(keyId, departmentId),
    /** The notices sent to a department, newest first (at most `limit`). */
    noticesFor: (departmentId: string, limit = 200) =>
      db
        .prepare(
          "SELECT seq, petition_id, actor, payload, created_at FROM events WHERE type = 'supervision_notice' AND json_extract(payload, '$.department_id') = ? ORDER BY seq DESC LIMIT ?",
        )
        .all(departmentId, limit) as NoticeEventRow[],
  };
}
