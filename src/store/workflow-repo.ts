import { createHash } from 'node:crypto';
import type { Db } from './db.ts';

/** Handling rounds, departments and assignments (migration 009). */
export interface AssignmentRow {
  id: number;
  petition_id: string;
  department_id: string;
  round: number;
  status: 'open' | 'reported' | 'accepted' | 'returned' | 'withdrawn';
  assigned_by: string;
  assigned_at: string;
  due_on: string;
  instructions: string | null;
  findings: string | null;
  outcome: string | null;
  attachments: string;
  reported_by: string | null;
  reported_at: string | null;
  assessed_by: string | null;
  assessed_at: string | null;
  extension_days: number | null;
  extension_reason: string | null;
  extension_status: 'requested' | 'granted' | 'refused' | null;
  closed_at: string | null;
}

export interface DepartmentRow {
  id: string;
  name: string;
  created_at: string;
  active: number;
}

/** A department's id is derived from its name, so the same receiver gets the same id on every install. */
export const departmentIdOf = (name: string) => `dep-${createHash('sha256').update(name).digest('hex').slice(0, 10)}`;

/** A co-petitioner or representative (Art. 20), identity fields encrypted like the first petitioner's. */
export interface PartyRow {
  petition_id: string;
  seq: number;
  kind: 'co_petitioner' | 'representative';
  name: string | null;
  id_number: string | null;
  phone: string | null;
  address: string | null;
  identity_key: string | null;
}

export function createWorkflowRepo(db: Db) {
  const s = {
    round: db.prepare('SELECT round FROM petitions WHERE id = ?').pluck(),
    nextRound: db.prepare('UPDATE petitions SET round = round + 1 WHERE id = ?'),
    addDepartment: db.prepare(
      'INSERT INTO departments (id, name, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET active = 1',
    ),
    departments: db.prepare('SELECT * FROM departments WHERE active = 1 ORDER BY name'),
    department: db.prepare('SELECT * FROM departments WHERE id = ?'),
    departmentByName: db.prepare('SELECT * FROM departments WHERE name = ?'),
    insertAssignment: db.prepare(
      `INSERT INTO assignments (petition_id, department_id, round, status, assigned_by, assigned_at, due_on, instructions)
       VALUES (@petition_id, @department_id, @round, 'open', @assigned_by, @assigned_at, @due_on, @instructions)`,
    ),
    live: db.prepare(
      "SELECT * FROM assignments WHERE petition_id = ? AND status IN ('open', 'reported', 'accepted') AND closed_at IS NULL ORDER BY id DESC LIMIT 1",
    ),
    latest: db.prepare('SELECT * FROM assignments WHERE petition_id = ? ORDER BY id DESC LIMIT 1'),
    forPetition: db.prepare('SELECT * FROM assignments WHERE petition_id = ? ORDER BY id'),
    forDepartment: db.prepare(
      "SELECT * FROM assignments WHERE department_id = ? AND (@all = 1 OR (status IN ('open', 'reported') AND closed_at IS NULL)) ORDER BY due_on, id",
    ),
    open: db.prepare("SELECT * FROM assignments WHERE status = 'open' ORDER BY due_on, id"),
    insertParty: db.prepare(
      `INSERT INTO petition_parties (petition_id, seq, kind, name, id_number, phone, address, identity_key)
       VALUES (@petition_id, @seq, @kind, @name, @id_number, @phone, @address, @identity_key)`,
    ),
    parties: db.prepare('SELECT * FROM petition_parties WHERE petition_id = ? ORDER BY seq'),
    // Earlier petitions in which any of these people took part, as petitioner or as a party.
    byPeople: db.prepare(
      `SELECT p.id FROM petitioners r JOIN petitions p ON p.id = r.petition_id
       WHERE r.identity_key IN (SELECT value FROM json_each(@keys)) AND p.id != @except AND p.received_at >= @since
       UNION
       SELECT p.id FROM petition_parties x JOIN petitions p ON p.id = x.petition_id
       WHERE x.identity_key IN (SELECT value FROM json_each(@keys)) AND p.id != @except AND p.received_at >= @since
       LIMIT @limit`,
    ),
    update: db.prepare(
      `UPDATE assignments SET status = @status, findings = @findings, outcome = @outcome, attachments = @attachments,
       reported_by = @reported_by, reported_at = @reported_at, assessed_by = @assessed_by, assessed_at = @assessed_at,
       due_on = @due_on, extension_days = @extension_days, extension_reason = @extension_reason,
       extension_status = @extension_status, closed_at = @closed_at WHERE id = @id`,
    ),
  };
  return {
    round: (petitionId: string) => (s.round.get(petitionId) as number | undefined) ?? 1,
    nextRound: (petitionId: string) => s.nextRound.run(petitionId),
    addDepartment(name: string, at: string): DepartmentRow {
      s.addDepartment.run(departmentIdOf(name), name, at);
      return s.departmentByName.get(name) as DepartmentRow;
    },
    departments: () => s.departments.all() as DepartmentRow[],
    department: (id: string) => s.department.get(id) as DepartmentRow | undefined,
    departmentByName: (name: string) => s.departmentByName.get(name) as DepartmentRow | undefined,
    insertAssignment: (
      row: Pick<
        AssignmentRow,
        'petition_id' | 'department_id' | 'round' | 'assigned_by' | 'assigned_at' | 'due_on' | 'instructions'
      >,
    ) => Number(s.insertAssignment.run(row).lastInsertRowid),
    /** The assignment the case is being handled under (open, reported, or accepted and not yet replied). */
    live: (petitionId: string) => s.live.get(petitionId) as AssignmentRow | undefined,
    latest: (petitionId: string) => s.latest.get(petitionId) as AssignmentRow | undefined,
    forPetition: (petitionId: string) => s.forPetition.all(petitionId) as AssignmentRow[],
    forDepartment: (departmentId: string, all = false) =>
      s.forDepartment.all(departmentId, { all: all ? 1 : 0 }) as AssignmentRow[],
    open: () => s.open.all() as AssignmentRow[],
    update: (row: AssignmentRow) => s.update.run(row),
    insertParty: (row: PartyRow) => s.insertParty.run(row),
    parties: (petitionId: string) => s.parties.all(petitionId) as PartyRow[],
    byPeople: (keys: string[], except: string, since: string, limit: number) =>
      (s.byPeople.all({ keys: JSON.stringify(keys), except, since, limit }) as { id: string }[]).map((r) => r.id),
  };
}

export type WorkflowRepo = ReturnType<typeof createWorkflowRepo>;
