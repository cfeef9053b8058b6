import { conflict, invalid } from '../errors.ts';
import type { DeadlineRow } from '../store/petitions-repo.ts';
import { DECISIONS, type Decision, type Step } from './workflow.ts';

/** The screening decision recorded in the case file: the last move to 甄别. */
export function screeningDecision(events: { type: string; payload: unknown }[]): Decision | undefined {
  const last = events.filter((e) => e.type === 'transition' && (e.payload as { to?: string })?.to === 'screened').at(-1);
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
export function checkMoveGuards(from: Step, to: Step, input: { decision?: string; receiver?: string }, f: MoveFacts) {
  if (to === 'screened' && !input.decision) {
    throw invalid('screening needs a decision', [{ path: 'decision', message: 'required when moving to screened: accepted, forwarded or not_accepted' }]);
  }
  if (from === 'screened' && to === 'routed' && f.decision !== 'accepted') {
    throw conflict('not_accepted', `only an accepted petition is routed for handling; this one was screened as ${f.decision ?? 'unknown'}`);
  }
  if (to === 'forwarded') {
    if (f.decision !== 'forwarded') throw conflict('not_forwarded', `forwarding (转送) follows a screening decision of forwarded; this one was ${f.decision ?? 'unknown'}`);
    if (!input.receiver) throw invalid('forwarding needs the receiving body', [{ path: 'receiver', message: 'name the body the petition is forwarded to (Arts. 22–23)' }]);
  }
  const final = isFinal(f.deadlines);
  if (to === 'closed' && final) throw conflict('final_after_recheck', 'after the 复核 opinion the case ends with 终结 (terminated), not 办结');
  if (to === 'terminated' && !final) throw conflict('no_recheck_opinion', 'termination (终结) follows a 复核 opinion (Art. 36); close the case with 办结');
  if (to === 'supervising' && (from === 'replied' || from === 'followed_up') && final) {
    throw conflict('final_after_recheck', 'after the 复核 opinion the same facts are not handled again (Art. 36)');
  }
}
