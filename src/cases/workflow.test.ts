import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { createWorkflowKit } from './testing/workflow-kit.ts';
import { END_STEPS, MOVES, STEP_NAMES, reachableSteps, stepsThatCanEnd } from './workflow.ts';

const statusOf = (k: ReturnType<typeof createWorkflowKit>, id: string) => k.cases.view(id).status;
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return `${e.status} ${e.code}`;
    throw e;
  }
  return 'ok';
};

describe('the workflow graph', () => {
  it('reaches every step from 登记, and every reachable step can reach an end (办结 or 终结)', () => {
    expect([...reachableSteps()].sort()).toEqual([...STEP_NAMES].sort());
    const canEnd = stepsThatCanEnd();
    expect([...reachableSteps()].filter((s) => !canEnd.has(s))).toEqual([]);
    expect(MOVES.filter((m) => END_STEPS.includes(m.from))).toEqual([]);
  });

  it('names who may make each move and which request makes it', () => {
    for (const m of MOVES) {
      expect(m.roles.length, `${m.from}→${m.to}`).toBeGreaterThan(0);
      expect(MOVES.filter((x) => x.from === m.from && x.to === m.to)).toHaveLength(1);
    }
  });
});

describe('不满意 → 二次督办 → a second reply → 回访 (the path that used to lock cases)', () => {
  it('opens a new round with a new draft version and reply, then a second follow-up and 办结', () => {
    const k = createWorkflowKit();
    const p = k.register();
    k.move(p.id, 'screened', { decision: 'accepted' });
    k.move(p.id, 'routed', { department: '人力资源和社会保障局' });
    k.reply(p.id, 'opinion', '支持');
    expect(k.cases.followUp(p.id, { satisfaction: '不满意', comment: '工资仍未到账', actor: '回访员' }).status).toBe(
      'supervising',
    );
    const reopened = k.cases.view(p.id);
    expect(reopened.round).toBe(2);
    expect(reopened.deadlines.find((d) => d.kind === 'rehandle')).toMatchObject({ met_at: null, due_at: '2026-04-01' });
    // The round-1 version can no longer be approved; a new version is written and approved.
    expect(codeOf(() => k.drafts.approve(p.id, 1, '科长'))).toBe('409 draft_superseded');
    expect(k.reply(p.id, 'opinion', '支持').status).toBe('replied');
    expect(k.drafts.list(p.id).map((d) => [d.version, Boolean(d.approvedAt)])).toEqual([
      [1, true],
      [2, true],
    ]);
    expect(k.cases.followUp(p.id, { satisfaction: '满意', actor: '回访员' }).status).toBe('followed_up');
    expect(k.move(p.id, 'closed').status).toBe('closed');
    const moves = k.events
      .forPetition(p.id)
      .filter((e) => e.type === 'transition')
      .map((e) => (e.payload as { to: string }).to);
    expect(moves).toEqual([
      'screened',
      'routed',
      'replied',
      'followed_up',
      'supervising',
      'replied',
      'followed_up',
      'closed',
    ]);
    expect(k.cases.view(p.id).deadlines.filter((d) => d.binds === 'office' && !d.met_at)).toEqual([]);
    expect(k.events.verify().ok).toBe(true);
  });
});

describe('复查, 复核 and 终结', () => {
  it('runs review and re-examination as their own rounds with their own clocks, then terminates', () => {
    const k = createWorkflowKit();
    const p = k.register();
    k.move(p.id, 'screened', { decision: 'accepted' });
    k.reply(p.id, 'opinion', '不予支持');
    k.clock.set('2026-03-20T09:00:00+08:00');
    const review = k.move(p.id, 'review');
    expect(review.round).toBe(2);
    expect(review.deadlines.find((d) => d.kind === 'review_answer')).toMatchObject({
      due_at: '2026-04-19',
      met_at: null,
    });
    k.reply(p.id, 'opinion', '不予支持');
    expect(codeOf(() => k.move(p.id, 'review'))).toBe('409 no_review_window');
    const recheck = k.move(p.id, 'recheck');
    expect(recheck.round).toBe(3);
    k.reply(p.id, 'opinion', '不予支持');
    expect(codeOf(() => k.move(p.id, 'closed'))).toBe('409 final_after_recheck');
    expect(codeOf(() => k.move(p.id, 'supervising'))).toBe('409 final_after_recheck');
    // Dissatisfaction after the 复核 opinion is recorded; the same facts are not handled again (Art. 36).
    expect(k.cases.followUp(p.id, { satisfaction: '不满意', actor: '回访员' }).status).toBe('followed_up');
    expect(k.move(p.id, 'terminated').status).toBe('terminated');
  });

  it('refuses 终结 without a 复核 opinion', () => {
    const k = createWorkflowKit();
    const p = k.register();
    k.move(p.id, 'screened', { decision: 'accepted' });
    k.reply(p.id, 'opinion', '支持');
    expect(codeOf(() => k.move(p.id, 'terminated'))).toBe('409 no_recheck_opinion');
  });
});

describe('转送 (Arts. 22–23)', () => {
  it('forwards to the named body after a forwarding decision, sends the notice and closes', () => {
    const k = createWorkflowKit();
    const p = k.register();
    k.move(p.id, 'screened', { decision: 'forwarded' });
    expect(codeOf(() => k.move(p.id, 'forwarded'))).toBe('400 invalid_request');
    expect(codeOf(() => k.move(p.id, 'routed'))).toBe('409 not_accepted');
    expect(k.move(p.id, 'forwarded', { receiver: '某县人民法院' }).status).toBe('forwarded');
    expect(k.reply(p.id, 'forwarding').status).toBe('replied');
    expect(k.move(p.id, 'closed').status).toBe('closed');
    const fwd = k.events.forPetition(p.id).find((e) => (e.payload as { to?: string }).to === 'forwarded');
    expect(fwd?.payload).toMatchObject({ receiver: '某县人民法院' });
  });
});

describe('交办 to a department', () => {
  it('assigns with its own deadline; findings are reviewed by the office before the reply', () => {
    const k = createWorkflowKit();
    const p = k.register();
    k.move(p.id, 'screened', { decision: 'accepted' });
    k.move(p.id, 'routed');
    const a = k.assignments.assign(p.id, { department: '人力资源和社会保障局', days: 20, actor: '科员' });
    expect(a).toMatchObject({ status: 'open', due_on: '2026-03-22', supervision: { colour: 'green', days_left: 20 } });
    expect(statusOf(k, p.id)).toBe('assigned');
    const dep = a.department.id;
    const other = k.assignments.departments().find((d) => d.id !== dep)!.id;
    expect(
      codeOf(() =>
        k.assignments.report(
          p.id,
          { findings: '经查…', outcome: '支持', attachments: [], actor: '住建' },
          { departmentId: other },
        ),
      ),
    ).toBe('404 not_found');
    k.assignments.report(
      p.id,
      {
        findings: '经查，该公司确欠工资八万元，已责令限期支付。',
        outcome: '支持',
        attachments: [{ name: '询问笔录.pdf' }],
        actor: '人社局',
      },
      { departmentId: dep },
    );
    expect(statusOf(k, p.id)).toBe('reported');
    expect(codeOf(() => k.reply(p.id))).toBe('409 findings_not_assessed');
    k.assignments.assess(p.id, { accepted: false, reason: '未附支付凭证', actor: '科长' });
    expect(statusOf(k, p.id)).toBe('assigned');
    k.assignments.report(
      p.id,
      { findings: '经查，该公司已支付拖欠工资八万元。', outcome: '支持', attachments: [], actor: '人社局' },
      { departmentId: dep },
    );
    k.assignments.assess(p.id, { accepted: true, reason: '属实', actor: '科长' });
    expect(k.cases.view(p.id).findings).toMatchObject({
      findings: '经查，该公司已支付拖欠工资八万元。',
      outcome: '支持',
      accepted: true,
    });
    expect(k.reply(p.id, 'opinion', '支持').status).toBe('replied');
    expect(k.assignments.list(p.id).map((x) => x.status)).toEqual(['accepted']);
  });

  it('turns red when overdue, takes a 督办 notice and an extension with a reason', () => {
    const k = createWorkflowKit();
    const p = k.register();
    k.move(p.id, 'screened', { decision: 'accepted' });
    k.move(p.id, 'routed');
    const a = k.assignments.assign(p.id, { department: '住房和城乡建设局', days: 5, actor: '科员' });
    k.clock.set('2026-03-09T09:00:00+08:00');
    expect(k.assignments.overdue()[0]).toMatchObject({
      petition_id: p.id,
      supervision: { colour: 'red', days_left: -2 },
    });
    const n = k.assignments.notice(p.id, { message: '请于三日内报送办理结果', actor: '督查科' });
    expect(k.assignments.notices(a.department.id)).toEqual([
      expect.objectContaining({ petition_id: p.id, message: n.message }),
    ]);
    k.assignments.requestExtension(
      p.id,
      { days: 10, reason: '需现场核查', actor: '住建局' },
      { departmentId: a.department.id },
    );
    const granted = k.assignments.decideExtension(p.id, { granted: true, actor: '督查科' });
    expect(granted).toMatchObject({
      due_on: '2026-03-17',
      extension: { status: 'granted', days: 10 },
      supervision: { colour: 'yellow' },
    });
    expect(codeOf(() => k.assignments.assign(p.id, { department: '不存在的局', days: 5, actor: '科员' }))).toBe(
      '400 invalid_request',
    );
  });
});

describe('co-petitioners and representatives (Art. 20)', () => {
  it('are sealed at rest like the petitioner, masked in the view, counted as distinct people, and make later petitions repeats', () => {
    const contexts: unknown[] = [];
    const triage = ((_t: string, _title: string | undefined, ctx: unknown) => {
      contexts.push(ctx);
      return {
        risk: { level: 'green', score: 0, signals: [] },
        category: { label: '其他' },
        emotion: { label: '平静' },
      };
    }) as unknown as Parameters<typeof createWorkflowKit>[1];
    const k = createWorkflowKit(undefined, triage);
    const p = k.cases.register(
      {
        text: '我们二十二名工人被拖欠工资，联名反映。',
        channel: '走访',
        attachments: [],
        petitioner: { name: '王建国', phone: '13812345678' },
        co_petitioners: [
          { name: '李四', phone: '13900000001' },
          { name: '王建国', phone: '13812345678' },
          { name: '赵六' },
        ],
        representatives: [{ name: '李四', phone: '13900000001' }],
      },
      '登记员',
    );
    expect(p.parties?.co_petitioners.map((x) => x.name)).toEqual(['李*', '王**', '赵*']);
    expect(p.parties?.representatives).toEqual([
      expect.objectContaining({ name: '李*', phone: '139****0001', masked: true }),
    ]);
    const rows = k.db.prepare('SELECT * FROM petition_parties WHERE petition_id = ?').all(p.id);
    expect(JSON.stringify(rows)).not.toContain('13900000001');
    expect(JSON.stringify(rows)).not.toContain('李四');
    // 王建国 twice and 李四 twice are one person each: 王建国, 李四, 赵六.
    expect(k.events.forPetition(p.id)[0].payload).toMatchObject({ co_petitioners: 3, representatives: 1, people: 3 });
    expect(k.cases.view(p.id, { unmasked: true }).parties?.representatives[0]).toMatchObject({
      name: '李四',
      phone: '13900000001',
    });
    // A later petition by a co-petitioner, as its first petitioner, is a repeat of this one.
    k.cases.register(
      { text: '工资还是没有发。', channel: '电话', attachments: [], petitioner: { phone: '13900000001' } },
      '登记员',
    );
    expect(contexts).toEqual([{}, { repeatCount: 1 }]);
  });
});
