/**
 * The case workflow: the six-step method 登记 → 甄别 → 分流 → 答复 → 督办 → 回访, forwarding (转送, Arts. 22–23),
 * assignment to a department (交办) and its findings, the petitioner's review (复查, Art. 35) and re-examination
 * (复核, Art. 36), and the two ends 办结 and 终结. Every legal move is one row of MOVES; anything else is refused
 * with 409. The README's diagram is generated from this table (scripts/workflow-diagram.ts).
 */
export const STEPS = {
  registered: '登记',
  screened: '甄别',
  forwarded: '转送',
  routed: '分流',
  assigned: '交办',
  reported: '承办反馈',
  supervising: '督办',
  replied: '答复',
  followed_up: '回访',
  review: '复查',
  recheck: '复核',
  closed: '办结',
  terminated: '终结',
} as const;

export type Step = keyof typeof STEPS;

export const STEP_NAMES = Object.keys(STEPS) as Step[];

/** States no move leaves: the case file is complete. */
export const END_STEPS: readonly Step[] = ['closed', 'terminated'];

/** How a move is made: which request makes it. */
export const VIA = {
  transition: 'POST /v1/petitions/:id/transitions',
  approval: 'POST /v1/petitions/:id/drafts/:version/approve',
  follow_up: 'POST /v1/petitions/:id/follow-up',
  assignment: 'POST /v1/petitions/:id/assignments',
  findings: 'POST /v1/petitions/:id/assignments/current/findings',
  assessment: 'POST /v1/petitions/:id/assignments/current/assessment',
} as const;
export type Via = keyof typeof VIA;

export interface MoveRule {
  from: Step;
  to: Step;
  via: Via;
  /** Roles that may make the move (admin always may). */
  roles: readonly string[];
  /** Request fields the move needs beyond actor (and reason for a bare transition). */
  needs: readonly string[];
  /** When the move is allowed, in the office's words. */
  when?: string;
  /** The move opens a new handling round: a new reply document (draft version and approval) follows. */
  newRound?: boolean;
}

const OFFICE = ['reception', 'supervisor'] as const;
const SUP = ['supervisor'] as const;
const DEPT = ['department'] as const;
const t = (from: Step, to: Step, extra: Partial<MoveRule> = {}): MoveRule => ({
  from,
  to,
  via: 'transition',
  roles: OFFICE,
  needs: [],
  ...extra,
});
const reply = (from: Step, when?: string): MoveRule => ({
  from,
  to: 'replied',
  via: 'approval',
  roles: SUP,
  needs: ['version'],
  when,
});

export const MOVES: readonly MoveRule[] = [
  t('registered', 'screened', {
    needs: ['decision'],
    when: '15日内甄别：accepted 受理 / forwarded 转送 / not_accepted 不予受理',
  }),
  t('screened', 'routed', { needs: ['department?'], when: '甄别结论为受理' }),
  t('screened', 'forwarded', { needs: ['receiver'], when: '甄别结论为转送（第二十二条、第二十三条）' }),
  reply('screened', '告知书（受理、不予受理）或直接出具意见书'),
  reply('forwarded', '转送告知书'),
  {
    from: 'routed',
    to: 'assigned',
    via: 'assignment',
    roles: OFFICE,
    needs: ['department', 'days'],
    when: '交办承办单位，带办理期限',
  },
  t('routed', 'supervising'),
  reply('routed'),
  {
    from: 'assigned',
    to: 'reported',
    via: 'findings',
    roles: DEPT,
    needs: ['findings', 'outcome'],
    when: '承办单位报送经查情况和处理结果（第三十二条）',
  },
  {
    from: 'reported',
    to: 'assigned',
    via: 'assessment',
    roles: OFFICE,
    needs: ['accepted=false', 'reason'],
    when: '信访部门审核不通过，退回重办',
  },
  reply('reported', '信访部门审核通过承办结果后'),
  t('supervising', 'routed'),
  { from: 'supervising', to: 'assigned', via: 'assignment', roles: OFFICE, needs: ['department', 'days'] },
  reply('supervising'),
  t('replied', 'supervising', { roles: SUP, newRound: true, when: '二次督办：开启新一轮办理' }),
  {
    from: 'replied',
    to: 'followed_up',
    via: 'follow_up',
    roles: OFFICE,
    needs: ['satisfaction'],
    when: '不满意自动转入二次督办（复核后除外）',
  },
  t('replied', 'review', { newRound: true, when: '意见书送达后30日内申请复查（第三十五条）' }),
  t('replied', 'recheck', { newRound: true, when: '复查意见送达后30日内申请复核（第三十六条）' }),
  t('replied', 'closed', { when: '未经复核答复' }),
  t('replied', 'terminated', { when: '复核意见送达后：同一事实不再受理（第三十六条）' }),
  t('followed_up', 'supervising', { roles: SUP, newRound: true, when: '二次督办：开启新一轮办理（复核后除外）' }),
  t('followed_up', 'review', { newRound: true, when: '复查申请期限内' }),
  t('followed_up', 'recheck', { newRound: true, when: '复核申请期限内' }),
  t('followed_up', 'closed', { when: '未经复核答复' }),
  t('followed_up', 'terminated', { when: '复核意见送达后' }),
  reply('review', '复查意见书，30日内（第三十五条）'),
  reply('recheck', '复核意见书，30日内（第三十六条）'),
];

export function moveRule(from: Step, to: Step): MoveRule | undefined {
  return MOVES.find((m) => m.from === from && m.to === to);
}

export function canMove(from: Step, to: Step): boolean {
  return moveRule(from, to) !== undefined;
}

export function nextSteps(from: Step): Step[] {
  return MOVES.filter((m) => m.from === from).map((m) => m.to);
}

/** Moves that only a domain action may make, never a bare transition request: the request that makes them. */
export const GUARDED_MOVES: Partial<Record<Step, string>> = {
  replied: `答复须审批答复草稿（${VIA.approval}）`,
  followed_up: `回访须登记回访结果（${VIA.follow_up}）`,
  assigned: `交办须指定承办单位和办理期限（${VIA.assignment}）`,
  reported: `办理结果由承办单位报送（${VIA.findings}）`,
};

/** Steps from which an end step can be reached (a breadth-first walk backwards from END_STEPS). */
export function stepsThatCanEnd(): Set<Step> {
  const can = new Set<Step>(END_STEPS);
  let grew = true;
  while (grew) {
    grew = false;
    for (const m of MOVES) if (can.has(m.to) && !can.has(m.from)) can.add(m.from), (grew = true);
  }
  return can;
}

/** Steps reachable from 登记. */
export function reachableSteps(start: Step = 'registered'): Set<Step> {
  const seen = new Set<Step>([start]);
  const queue: Step[] = [start];
  while (queue.length) for (const to of nextSteps(queue.shift()!)) if (!seen.has(to)) seen.add(to), queue.push(to);
  return seen;
}

/** Screening decisions (甄别) of Arts. 22–23. */
export const DECISIONS = ['accepted', 'forwarded', 'not_accepted'] as const;
export type Decision = (typeof DECISIONS)[number];

/** Follow-up satisfaction levels used by the pilot. 不满意 re-opens supervision (二次督办). */
export const SATISFACTION = ['非常满意', '满意', '基本满意', '不满意'] as const;
export type Satisfaction = (typeof SATISFACTION)[number];

/** The handling outcomes of a 信访处理意见书 (Art. 32). */
export const OUTCOMES = ['支持', '解释说明', '不予支持'] as const;
export type Outcome = (typeof OUTCOMES)[number];
