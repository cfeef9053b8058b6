/**
 * The six-step method 登记 → 甄别 → 分流 → 答复 → 督办 → 回访, plus the review stages of Arts. 35–36.
 * Every legal move is listed here; anything else is refused with 409.
 */
export const STEPS = {
  registered: '登记',
  screened: '甄别',
  routed: '分流',
  replied: '答复',
  supervising: '督办',
  followed_up: '回访',
  review: '复查',
  recheck: '复核',
  closed: '办结',
} as const;

export type Step = keyof typeof STEPS;

export const STEP_NAMES = Object.keys(STEPS) as Step[];

const MOVES: Record<Step, Step[]> = {
  registered: ['screened'],
  screened: ['routed', 'replied'],
  routed: ['supervising', 'replied'],
  supervising: ['routed', 'replied'],
  replied: ['supervising', 'followed_up', 'review', 'recheck', 'closed'],
  followed_up: ['supervising', 'review', 'recheck', 'closed'],
  review: ['replied'],
  recheck: ['closed'],
  closed: [],
};

/** Moves that only a domain action may make, never a bare transition request. */
export const GUARDED_MOVES: Partial<Record<Step, string>> = {
  replied: 'a reply is sent by approving a draft (POST /v1/petitions/:id/drafts/:version/approve)',
  followed_up: 'a follow-up is recorded with POST /v1/petitions/:id/follow-up',
};

export function canMove(from: Step, to: Step): boolean {
  return MOVES[from].includes(to);
}

export function nextSteps(from: Step): Step[] {
  return MOVES[from];
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
