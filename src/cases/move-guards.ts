import { conflict, invalid } from '../errors.ts';
import type { DeadlineRow } from '../store/petitions-repo.ts';
import { DECISIONS, type Decision, type Step } from './workflow.ts';

/** The screening decision recorded in the case file: the last move to 甄别. */
export function screeningDecision(events: { type: string; payload: unknown }[]): Decision | undefined {
  const last = events
    .filter((e) => e.type === 'transition' && (e.payload as { to?: string })?.to === 'screened')
    .at(-1);
  const d = (last?.payload as { decision?: string } | undefined)?.decision;
  return DECISIONS.find((x) => x === d);
}

/** The 复核 opinion has been sent (Art. 36): the matter is final; only 回访 and 终结 remain. */
export const isFinal = (deadlines: DeadlineRow[]) => deadlines.some((d) => d.kind === 'recheck_answer' && d.met_at);

export interface MoveFacts {
  deadlines: DeadlineRow[];
  decision: Decision | undefined;
  now: string;
}

/**
 * The conditions on a bare transition beyond the graph (workflow.ts): the screening decision decides between
 * 分流 and 转送, and the 复核 opinion decides between 办结 and 终结. The clocks' windows are checked where the
 * clocks are (case-service applyClockEffects).
 */
const DECISION_ZH: Record<string, string> = { accepted: '受理', forwarded: '转送', not_accepted: '不予受理' };
const decisionZh = (d: string | undefined) => (d ? `“${DECISION_ZH[d] ?? d}”` : '（未记录）');

export function checkMoveGuards(from: Step, to: Step, input: { decision?: string; receiver?: string }, f: MoveFacts) {
  if (to === 'screened' && !input.decision) {
    throw invalid('甄别须给出结论', [
      { path: 'decision', message: '转到甄别时必填：accepted（受理）、forwarded（转送）或 not_accepted（不予受理）' },
    ]);
  }
  if (from === 'screened' && to === 'routed' && f.decision !== 'accepted') {
    throw conflict('not_accepted', `只有甄别为受理的事项才能分流办理；本件的甄别结论是${decisionZh(f.decision)}`);
  }
  if (to === 'forwarded') {
    if (f.decision !== 'forwarded')
      throw conflict('not_forwarded', `甄别结论为转送的事项才能转送；本件的甄别结论是${decisionZh(f.decision)}`);
    if (!input.receiver)
      throw invalid('转送须写明接收机关', [
        { path: 'receiver', message: '写明转送的有权处理机关（《信访工作条例》第二十二、二十三条）' },
      ]);
  }
  const final = isFinal(f.deadlines);
  if (to === 'closed' && final) throw conflict('final_after_recheck', '出具复核意见后，事项以终结结束，而不是办结');
  if (to === 'terminated' && !final)
    throw conflict('no_recheck_opinion', '出具复核意见后才能终结（《信访工作条例》第三十六条）；其他事项请以办结结束');
  if (to === 'supervising' && (from === 'replied' || from === 'followed_up') && final) {
    throw conflict('final_after_recheck', '出具复核意见后，同一事实和理由不再重新办理（《信访工作条例》第三十六条）');
  }
}
