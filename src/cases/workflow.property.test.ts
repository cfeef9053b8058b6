import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { DUTY_CLOCKS } from './clocks.ts';
import { screeningDecision } from './move-guards.ts';
import { onPg, openTestDb } from '../testing/test-db.ts';
import { createWorkflowKit, type WorkflowKit } from './testing/workflow-kit.ts';
import { DECISIONS, END_STEPS, MOVES, OUTCOMES, SATISFACTION, canMove, type Step } from './workflow.ts';

/** One thing staff, a department or the petitioner may do; many are refused in a given state, which is fine. */
type Action = (k: WorkflowKit, id: string, pick: number) => unknown;

const at = <T>(xs: readonly T[], i: number) => xs[i % xs.length];
const KIND_OF = { accepted: 'opinion', forwarded: 'forwarding', not_accepted: 'non_acceptance' } as const;
const ACTIONS: Record<string, Action> = {
  screen: (k, id, n) => k.move(id, 'screened', { decision: at([...DECISIONS, 'accepted', 'accepted'], n) }),
  route: (k, id) => k.move(id, 'routed'),
  forward: (k, id) => k.move(id, 'forwarded', { receiver: '某县人民法院' }),
  supervise: (k, id) => k.move(id, 'supervising'),
  review: (k, id) => k.move(id, 'review'),
  recheck: (k, id) => k.move(id, 'recheck'),
  close: (k, id) => k.move(id, 'closed'),
  terminate: (k, id) => k.move(id, 'terminated'),
  // The document follows the screening decision, as the review service's kind check makes it (one in ten is any kind).
  reply: (k, id, n) =>
    k.reply(
      id,
      n % 10 === 9
        ? at(['non_acceptance', 'forwarding'], n)
        : KIND_OF[screeningDecision(k.events.forPetition(id)) ?? 'accepted'],
      at(OUTCOMES, n),
    ),
  followUp: (k, id, n) => k.cases.followUp(id, { satisfaction: at(SATISFACTION, n), actor: '回访员' }),
  assign: (k, id, n) =>
    k.assignments.assign(id, {
      department: at(['人力资源和社会保障局', '住房和城乡建设局'], n),
      days: 1 + (n % 30),
      actor: '科员',
    }),
  report: (k, id, n) =>
    k.assignments.report(
      id,
      { findings: `经查，第${n}号情况属实。`, outcome: at(OUTCOMES, n), attachments: [], actor: '承办单位' },
      {},
    ),
  assess: (k, id, n) => k.assignments.assess(id, { accepted: n % 3 !== 0, reason: '审核', actor: '科长' }),
  askMore: (k, id, n) =>
    k.assignments.requestExtension(id, { days: 1 + (n % 30), reason: '需要核查', actor: '承办单位' }, {}),
  decideMore: (k, id, n) => k.assignments.decideExtension(id, { granted: n % 2 === 0, actor: '督查科' }),
  notice: (k, id) => k.assignments.notice(id, { message: '请加快办理', actor: '督查科' }),
  extend: (k, id, n) => k.cases.extend(id, { days: 1 + (n % 30), reason: '情况复杂', actor: '科长' }),
  wait: (k, _id, n) => k.clock.advance((n % 6) * 86_400_000),
};
const NAMES = Object.keys(ACTIONS);

/** What someone would try in each step, so that the walk goes deep; a tenth of the steps try anything at all. */
const LIKELY: Record<Step, string[]> = {
  registered: ['screen'],
  screened: ['route', 'route', 'forward', 'reply', 'screen'],
  forwarded: ['reply'],
  routed: ['assign', 'supervise', 'reply', 'extend'],
  assigned: ['report', 'askMore', 'decideMore', 'notice', 'wait'],
  reported: ['assess', 'reply'],
  supervising: ['route', 'assign', 'reply'],
  replied: ['followUp', 'followUp', 'review', 'recheck', 'supervise', 'close', 'terminate'],
  followed_up: ['review', 'recheck', 'recheck', 'terminate', 'terminate', 'supervise', 'close'],
  review: ['reply'],
  recheck: ['reply'],
  closed: NAMES,
  terminated: NAMES,
};

const count = (k: WorkflowKit, sql: string, ...args: unknown[]) =>
  (k.db
    .prepare(sql)
    .pluck()
    .get(...args) as number) ?? 0;

/** The invariants that hold after every step, whatever was refused before. */
function checkInvariants(k: WorkflowKit, id: string) {
  const v = k.cases.view(id);
  const status = v.status as Step;
  const open = v.deadlines.filter((d) => !d.met_at && (DUTY_CLOCKS as string[]).includes(d.kind)).map((d) => d.kind);
  // Clocks: the office's open duties match the step the case is in.
  if (status === 'registered') expect(open).toEqual(['accept']);
  if (END_STEPS.includes(status) || status === 'replied' || status === 'followed_up') expect(open).toEqual([]);
  expect(open.includes('review_answer')).toBe(status === 'review');
  expect(open.includes('recheck_answer')).toBe(status === 'recheck');
  if (['routed', 'assigned', 'reported'].includes(status))
    expect(open.filter((c) => c === 'conclude' || c === 'rehandle')).toHaveLength(1);
  expect(open.length).toBeLessThanOrEqual(1);
  for (const d of v.deadlines) if (d.met_at) expect(d.met_at >= d.starts_at).toBe(true);

  // At most one sent reply per round, and the round counts the moves that open one.
  const replies = k.db
    .prepare('SELECT round, COUNT(*) AS n FROM drafts WHERE petition_id = ? AND approved_at IS NOT NULL GROUP BY round')
    .all(id) as { n: number }[];
  expect(replies.every((r) => r.n === 1)).toBe(true);
  const file = k.events.forPetition(id);
  const moves = file
    .filter((e) => e.type === 'transition')
    .map((e) => e.payload as { from: Step; to: Step; round: number });
  const opened = moves.filter((m) => MOVES.find((r) => r.from === m.from && r.to === m.to)?.newRound).length;
  expect(v.round).toBe(1 + opened);
  expect(file.filter((e) => e.type === 'draft_approved')).toHaveLength(
    count(k, 'SELECT COUNT(*) FROM drafts WHERE petition_id = ? AND approved_at IS NOT NULL', id),
  );

  // The case file: in order, starting with 登记, each move legal and leaving from where the last one arrived.
  expect(file[0].type).toBe('registered');
  for (let i = 1; i < file.length; i++) {
    expect(file[i].seq).toBeGreaterThan(file[i - 1].seq);
    expect(file[i].createdAt >= file[i - 1].createdAt).toBe(true);
  }
  let here: Step = 'registered';
  for (const m of moves) {
    expect(m.from).toBe(here);
    expect(canMove(m.from, m.to)).toBe(true);
    here = m.to;
  }
  expect(here).toBe(status);

  // Assignments: at most one live, and it matches the step.
  const live = count(
    k,
    "SELECT COUNT(*) FROM assignments WHERE petition_id = ? AND status IN ('open', 'reported')",
    id,
  );
  expect(live).toBeLessThanOrEqual(1);
  if (status === 'assigned')
    expect(count(k, "SELECT COUNT(*) FROM assignments WHERE petition_id = ? AND status = 'open'", id)).toBe(1);
  if (!['assigned', 'reported'].includes(status)) expect(live).toBe(0);
}

/** A plain strategy to finish any case: the proof, on the real service, that no reachable state is a dead end. */
const FINISH: Partial<Record<Step, Action[]>> = {
  registered: [(k, id) => k.move(id, 'screened', { decision: 'accepted' })],
  screened: [(k, id) => k.reply(id, 'opinion', '解释说明')],
  forwarded: [(k, id) => k.reply(id, 'forwarding')],
  routed: [(k, id) => k.reply(id, 'opinion', '解释说明')],
  supervising: [(k, id) => k.reply(id, 'opinion', '解释说明')],
  assigned: [ACTIONS.report],
  reported: [
    (k, id) => k.assignments.assess(id, { accepted: true, reason: '属实', actor: '科长' }),
    (k, id) => k.reply(id, 'opinion', '支持'),
  ],
  review: [(k, id) => k.reply(id, 'opinion', '不予支持')],
  recheck: [(k, id) => k.reply(id, 'opinion', '不予支持')],
  // The petitioner may still ask for 复查/复核 or be called back on the way out; the order varies per run.
  replied: [
    ACTIONS.review,
    ACTIONS.recheck,
    (k, id) => k.cases.followUp(id, { satisfaction: '满意', actor: '回访员' }),
    ACTIONS.close,
    ACTIONS.terminate,
  ],
  followed_up: [ACTIONS.review, ACTIONS.recheck, ACTIONS.close, ACTIONS.terminate],
};

function attempt(k: WorkflowKit, id: string, act: Action, pick: number): boolean {
  const before = k.events.forPetition(id).length;
  const status = k.cases.view(id).status;
  try {
    act(k, id, pick);
    return true;
  } catch (e) {
    // A refusal is a clear 4xx and writes nothing.
    if (!(e instanceof AppError)) throw e;
    expect(e.status).toBeGreaterThanOrEqual(400);
    expect(e.status).toBeLessThan(500);
    expect(k.events.forPetition(id).length).toBe(before);
    expect(k.cases.view(id).status).toBe(status);
    return false;
  }
}

describe('random legal move sequences (fast-check)', () => {
  it(
    'keep the clocks, rounds, replies, assignments and case file consistent, and always can finish',
    () => {
      const seen = new Set<string>();
      // One database for all runs, a new petition (and clock and services) per run: every check is per petition,
      // and a fresh PostgreSQL schema per run would cost 150 migrations.
      const db = openTestDb();
      const step = fc.record({ wild: fc.nat(9), action: fc.constantFrom(...NAMES), pick: fc.nat(1000) });
      fc.assert(
        fc.property(fc.array(step, { minLength: 1, maxLength: 50 }), fc.nat(19), (steps, turn) => {
          const k = createWorkflowKit(undefined, undefined, db);
          const { id } = k.register();
          for (const s of steps) {
            const name = s.wild === 0 ? s.action : at(LIKELY[k.cases.view(id).status as Step], s.pick);
            attempt(k, id, ACTIONS[name], s.pick >> 3);
            checkInvariants(k, id);
          }
          for (let i = 0; i < 20 && !END_STEPS.includes(k.cases.view(id).status as Step); i++) {
            const all = FINISH[k.cases.view(id).status as Step] ?? [];
            const options = all.map((_, j) => all[(j + turn) % all.length]);
            expect(
              options.some((act) => attempt(k, id, act, 0)),
              `stuck in ${k.cases.view(id).status}`,
            ).toBe(true);
            checkInvariants(k, id);
          }
          expect(END_STEPS).toContain(k.cases.view(id).status);
          expect(k.events.verify().ok).toBe(true);
          for (const e of k.events.forPetition(id))
            if (e.type === 'transition') seen.add(`${e.payload.from}→${e.payload.to}`);
        }),
        // A fixed seed: the walk is the same on every run, so the coverage check below cannot turn red by chance.
        { numRuns: 150, seed: 20261204 },
      );
      // The walk is not vacuous: across the runs, every move of the graph was made at least once.
      expect(MOVES.map((m) => `${m.from}→${m.to}`).filter((m) => !seen.has(m))).toEqual([]);
    },
    onPg ? 600_000 : 120_000,
  );
});
