import { createHmac } from 'node:crypto';
import { createEventLog } from '../../audit/event-log.ts';
import { createManualClock } from '../../clock.ts';
import { createDraftStore } from '../../drafting/draft-store.ts';
import type { Db } from '../../store/db.ts';
import { createPiiCipher } from '../../store/pii-cipher.ts';
import { openTestDb } from '../../testing/test-db.ts';
import { createAssignmentService } from '../assignment-service.ts';
import { createCaseService, type CaseServiceDeps } from '../case-service.ts';
import type { Outcome } from '../workflow.ts';

const KEY = 'ab'.repeat(32);

/**
 * The workflow on a real database (openTestDb: SQLite in memory or a PostgreSQL schema; the property test hands
 * every run the same one, a new petition each), without triage or the drafting models: what the workflow tests
 * and the property test drive. `reply` writes a draft version and approves it exactly as the review service
 * does (analysis/review-service.ts approve), through the same draft store and case service.
 */
export function createWorkflowKit(
  now = '2026-03-02T09:00:00+08:00',
  triage?: CaseServiceDeps['triage'],
  db: Db = openTestDb(),
) {
  const clock = createManualClock(now);
  const events = createEventLog(db, clock);
  const cipher = createPiiCipher({ current: KEY });
  const identityKey = (v: string) => createHmac('sha256', KEY).update(v).digest('hex');
  const cases = createCaseService({ db, clock, events, identityKey, cipher, triage });
  const drafts = createDraftStore(db, clock);
  const assignments = createAssignmentService({
    db,
    clock,
    events,
    cases,
    departments: ['人力资源和社会保障局', '住房和城乡建设局'],
  });

  function reply(id: string, kind = 'opinion', outcome?: Outcome, actor = '科长') {
    return db.transaction(() => {
      const d = drafts.add(id, {
        kind: kind as 'opinion',
        reply: `${kind} 第${drafts.list(id).length + 1}稿`,
        provider: 'staff',
        createdBy: '科员',
      });
      drafts.approve(id, d.version, actor);
      events.append({ petitionId: id, type: 'draft_approved', actor, payload: { version: d.version, kind } });
      return cases.recordReply(id, { actor, kind, outcome, draftId: d.version });
    })();
  }

  const register = (text = '某公司拖欠十二名农民工工资八万元，多次讨要无果。') =>
    cases.register({ text, channel: '走访', attachments: [] }, '登记员');
  const move = (id: string, to: string, extra: Record<string, string> = {}) =>
    cases.transition(id, { to, actor: '科员', reason: '依程序办理', ...extra });

  return { db, clock, events, cases, drafts, assignments, reply, register, move };
}

export type WorkflowKit = ReturnType<typeof createWorkflowKit>;
