import { readFileSync } from 'node:fs';
import { AppError, conflict, invalid, notFound } from '../errors.ts';
import type { EventLog } from '../audit/event-log.ts';
import { tx, type Db } from '../store/db.ts';
import { createDepartmentRepo } from '../store/department-repo.ts';
import type { AssignmentRow, DepartmentRow } from '../store/workflow-repo.ts';
import type { Clock } from '../clock.ts';
import { addDays, localDate, supervisionColour } from './clocks.ts';
import type { Attachment } from './petition-schema.ts';
import type { CaseService } from './case-service.ts';
import type {
  AssessmentInput,
  AssignmentInput,
  ExtensionDecisionInput,
  ExtensionRequestInput,
  FindingsInput,
  NoticeInput,
} from './assignment-schema.ts';
import { createNoticePush } from './notice-read.ts';
import { STEPS, type Step } from './workflow.ts';

/** The routing table's receivers (src/triage/departments.json): the departments known on a fresh install. */
export function routingReceivers(path = new URL('../triage/departments.json', import.meta.url)): string[] {
  const table = JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>;
  return [
    ...new Set(
      Object.entries(table)
        .filter(([k]) => !k.startsWith('_'))
        .map(([, v]) => v),
    ),
  ];
}

export interface AssignmentDeps {
  db: Db;
  clock: Clock;
  events: EventLog;
  cases: CaseService;
  /** Departments added when the service starts (existing ones are kept). */
  departments?: string[];
  /** Pushes a recorded 督办 notice to the streams and webhook (alerts.notify); called after the commit. */
  onNotice?: (notice: Notice) => void;
  /**
   * Tells the other instances sharing the database (alerts.announceNotice): called inside the transaction that
   * records the notice, so they hear of it only if it commits.
   */
  announceNotice?: (notice: Notice) => void;
}

/** A 督办 notice as recorded, streamed and posted (alerts/ names it SupervisionNotice). */
export interface Notice {
  /** `N` + the case-file event's sequence number: stable, so a receiver can de-duplicate. */
  id: string;
  petition_id: string;
  assignment_id: number;
  department: string;
  department_id: string;
  message: string;
  due_on: string;
  days_left: number | null;
  actor: string;
  created_at: string;
}

const ASSIGNMENT_STATUS_ZH: Record<string, string> = {
  open: '办理中',
  reported: '已报送结果',
  accepted: '结果已采纳',
  returned: '已退回',
  withdrawn: '已撤回',
};
const EXTENSION_STATUS_ZH: Record<string, string> = { requested: '待审批', granted: '已批准', refused: '未批准' };

/** A department's scope: a department key acts only on cases assigned to its department. */
export type Scope = { departmentId?: string };

/**
 * 交办 / 承办 / 督办: the office assigns a case to a department with its own deadline; the department reports its
 * findings (经查…) and outcome (Art. 32) or asks for more time; the office reviews the findings before the reply;
 * supervisors chase overdue departments with a 督办 notice. Each change is one transaction with its case-file event.
 */
export function createAssignmentService(deps: AssignmentDeps) {
  const { db, clock, events, cases } = deps;
  const { move, mustGet, wf, nowIso, notes } = cases.internal;
  const seal = notes.seal;
  const start = nowIso();
  for (const name of deps.departments ?? []) wf.addDepartment(name, start);

  function assignmentView(a: AssignmentRow) {
    const dep = wf.department(a.department_id);
    const open = a.status === 'open' && !a.closed_at;
    const colour = supervisionColour(
      open ? [{ kind: 'conclude', dueAt: a.due_on, metAt: null }] : [],
      a.extension_status === 'granted',
      clock.now(),
    );
    return {
      id: a.id,
      petition_id: a.petition_id,
      department: { id: a.department_id, name: dep?.name ?? a.department_id },
      round: a.round,
      status: a.status,
      assigned_by: a.assigned_by,
      assigned_at: a.assigned_at,
      due_on: a.due_on,
      instructions: a.instructions,
      findings: a.findings,
      outcome: a.outcome,
      attachments: JSON.parse(a.attachments) as Attachment[],
      reported_by: a.reported_by,
      reported_at: a.reported_at,
      assessed_by: a.assessed_by,
      assessed_at: a.assessed_at,
      extension: a.extension_status
        ? { days: a.extension_days, reason: a.extension_reason, status: a.extension_status }
        : null,
      closed_at: a.closed_at,
      supervision: { colour: open ? colour.colour : null, days_left: open ? colour.daysLeft : null },
    };
  }

  /** The case's current assignment, refused (404) to a department it does not belong to. */
  function current(id: string, scope: Scope) {
    mustGet(id);
    const a = wf.live(id);
    if (scope.departmentId && a?.department_id !== scope.departmentId) throw notFound('petition', id);
    if (!a) throw conflict('no_assignment', '本事项尚未交办给承办单位');
    return a;
  }

  function departmentOf(input: { department: string }): DepartmentRow {
    const d = wf.department(input.department) ?? wf.departmentByName(input.department);
    if (!d?.active) {
      const known = wf.departments().map((x) => x.name);
      throw invalid('承办单位不在名单中', [
        { path: 'department', message: `不是已配置的承办单位；可选：${known.join('、') || '（尚未配置）'}` },
      ]);
    }
    return d;
  }

  const departmentRepo = createDepartmentRepo(db);
  const pushWhenCommitted = createNoticePush(db, deps.onNotice);

  return {
    /**
     * The scope of a caller: a department key acts for its own department only; a department key bound to none
     * may do nothing (403). Office roles are unscoped.
     */
    scopeOf(role: string, keyId: string | undefined): Scope {
      if (role !== 'department') return {};
      const departmentId = keyId ? departmentRepo.departmentOfKey(keyId) : undefined;
      if (!departmentId)
        throw new AppError(
          403,
          'no_department',
          '该承办单位密钥未绑定到任何单位，请用 POST /v1/departments/{id}/keys 创建',
        );
      return { departmentId };
    },
    /** Binds a new key of role department to one department (inside the caller's transaction). */
    bindKey(keyId: string, departmentId: string) {
      if (!wf.department(departmentId)) throw notFound('department', departmentId);
      departmentRepo.bindKey(keyId, departmentId);
    },
    departments: () => wf.departments(),
    addDepartment(name: string, actor: string) {
      return tx(db, () => {
        const d = wf.addDepartment(name, nowIso());
        events.append({ petitionId: null, type: 'department_added', actor, payload: { id: d.id, name } });
        return d;
      });
    },
    department: (id: string) => wf.department(id),

    /** Every assignment of a case, oldest first; a department sees only its own. */
    list(id: string, scope: Scope = {}) {
      mustGet(id);
      const rows = wf.forPetition(id).filter((a) => !scope.departmentId || a.department_id === scope.departmentId);
      if (scope.departmentId && !rows.length) throw notFound('petition', id);
      return rows.map(assignmentView);
    },

    /** The cases assigned to a department (its inbox), soonest due first; `all` includes finished ones. */
    inbox(departmentId: string, all = false) {
      return wf
        .forDepartment(departmentId, all)
        .map((a) => ({ ...assignmentView(a), petition: cases.view(a.petition_id) }));
    },

    /** Open assignments, with overdue ones (red) first: what supervisors chase. */
    overdue() {
      const rows = wf.open().map(assignmentView);
      return rows
        .filter((a) => a.supervision.colour === 'red')
        .concat(rows.filter((a) => a.supervision.colour !== 'red'));
    },

    /** 交办: assigns the case to a department with its own deadline. */
    assign(id: string, input: AssignmentInput) {
      return tx(db, () => {
        const row = mustGet(id);
        const from = row.status as Step;
        const dep = departmentOf(input);
        const now = nowIso();
        // A re-assignment (after 督办 or a returned report) withdraws the earlier live one.
        const earlier = wf.live(id);
        if (earlier) wf.update({ ...earlier, status: 'withdrawn', closed_at: now });
        move(id, from, 'assigned', input.actor, input.instructions ?? `交办${dep.name}`, { department: dep.name });
        const dueOn = addDays(localDate(now), input.days);
        const assignmentId = wf.insertAssignment({
          petition_id: id,
          department_id: dep.id,
          round: wf.round(id),
          assigned_by: input.actor,
          assigned_at: now,
          due_on: dueOn,
          instructions: seal(id, input.instructions) ?? null,
        });
        events.append({
          petitionId: id,
          type: 'assigned',
          actor: input.actor,
          payload: {
            assignment_id: assignmentId,
            department: dep.name,
            department_id: dep.id,
            due_on: dueOn,
            days: input.days,
            withdrawn: earlier?.id ?? null,
          },
        });
        return assignmentView(wf.latest(id)!);
      });
    },

    /** 承办反馈: the department reports what it found (经查…) and its outcome (Art. 32). */
    report(id: string, input: FindingsInput, scope: Scope) {
      return tx(db, () => {
        const a = current(id, scope);
        const from = mustGet(id).status as Step;
        if (a.status !== 'open' || from !== 'assigned')
          throw conflict(
            'not_awaiting_findings',
            `只有办理中的交办才能报送办理结果；本次交办${ASSIGNMENT_STATUS_ZH[a.status] ?? a.status}，事项处于${STEPS[from]}环节`,
          );
        const now = nowIso();
        const findings = seal(id, input.findings);
        wf.update({
          ...a,
          status: 'reported',
          findings,
          outcome: input.outcome,
          attachments: JSON.stringify(input.attachments),
          reported_by: input.actor,
          reported_at: now,
        });
        events.append({
          petitionId: id,
          type: 'findings_reported',
          actor: input.actor,
          payload: { assignment_id: a.id, findings, outcome: input.outcome, attachments: input.attachments },
        });
        move(id, 'assigned', 'reported', input.actor, '承办单位报送办理结果');
        return assignmentView(wf.latest(id)!);
      });
    },

    /** The office reviews the findings before the reply: accepted, or returned to the department with a reason. */
    assess(id: string, input: AssessmentInput) {
      return tx(db, () => {
        const a = current(id, {});
        if (a.status !== 'reported')
          throw conflict(
            'not_reported',
            `只有已报送的办理结果才能审核；本次交办${ASSIGNMENT_STATUS_ZH[a.status] ?? a.status}`,
          );
        const now = nowIso();
        wf.update({ ...a, status: input.accepted ? 'accepted' : 'open', assessed_by: input.actor, assessed_at: now });
        events.append({
          petitionId: id,
          type: 'findings_assessed',
          actor: input.actor,
          payload: { assignment_id: a.id, accepted: input.accepted, reason: seal(id, input.reason) },
        });
        if (!input.accepted) move(id, 'reported', 'assigned', input.actor, `退回重办：${input.reason}`);
        return assignmentView(wf.latest(id)!);
      });
    },

    /** The department asks for more time, with a reason; a supervisor grants or refuses it. */
    requestExtension(id: string, input: ExtensionRequestInput, scope: Scope) {
      return tx(db, () => {
        const a = current(id, scope);
        if (a.status !== 'open') throw conflict('not_open', '只有办理中的交办才能申请延期');
        if (a.extension_status)
          throw conflict(
            'extension_already_requested',
            `本次交办已申请过延期（${EXTENSION_STATUS_ZH[a.extension_status] ?? a.extension_status}）`,
          );
        const reason = seal(id, input.reason);
        wf.update({ ...a, extension_days: input.days, extension_reason: reason, extension_status: 'requested' });
        events.append({
          petitionId: id,
          type: 'assignment_extension_requested',
          actor: input.actor,
          payload: { assignment_id: a.id, days: input.days, reason },
        });
        return assignmentView(wf.latest(id)!);
      });
    },

    decideExtension(id: string, input: ExtensionDecisionInput) {
      return tx(db, () => {
        const a = current(id, {});
        if (a.extension_status !== 'requested') throw conflict('no_extension_request', '没有待审批的延期申请');
        const dueOn = input.granted ? addDays(a.due_on, a.extension_days ?? 0) : a.due_on;
        wf.update({ ...a, due_on: dueOn, extension_status: input.granted ? 'granted' : 'refused' });
        events.append({
          petitionId: id,
          type: 'assignment_extension_decided',
          actor: input.actor,
          payload: {
            assignment_id: a.id,
            granted: input.granted,
            reason: seal(id, input.reason) ?? null,
            from: a.due_on,
            to: dueOn,
          },
        });
        return assignmentView(wf.latest(id)!);
      });
    },

    /**
     * 督办 notice: a supervisor chases the department; recorded in the case file, shown in its inbox, and pushed
     * to the streams and webhook once the record has committed.
     */
    notice(id: string, input: NoticeInput): Notice {
      const notice = tx(db, () => {
        const a = current(id, {});
        if (a.status !== 'open') throw conflict('not_open', '督办通知只能发给办理中的交办');
        const view = assignmentView(a);
        const payload = {
          assignment_id: a.id,
          department: view.department.name,
          department_id: a.department_id,
          message: seal(id, input.message),
          due_on: a.due_on,
          days_left: view.supervision.days_left,
        };
        const e = events.append({ petitionId: id, type: 'supervision_notice', actor: input.actor, payload });
        const n = { id: `N${e.seq}`, petition_id: id, ...payload, actor: input.actor, created_at: e.createdAt };
        deps.announceNotice?.(n);
        return n;
      });
      pushWhenCommitted(notice);
      return notice;
    },

    /** The 督办 notices a department has received, newest first. */
    notices(departmentId: string) {
      return departmentRepo.noticesFor(departmentId).map((r) => ({
        id: `N${r.seq}`,
        petition_id: r.petition_id,
        actor: r.actor,
        created_at: r.created_at,
        // The supervision_notice event's payload (audit/event-schema.ts): the rest of a Notice.
        ...(JSON.parse(r.payload) as Omit<Notice, 'id' | 'petition_id' | 'actor' | 'created_at'>),
      }));
    },

    /** What the drafting layer may state (also on the case view as `findings`). */
    findingsFor: (id: string) => cases.internal.findingsFor(id),
  };
}

export type AssignmentService = ReturnType<typeof createAssignmentService>;
