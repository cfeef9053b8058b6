import type { NormalisedText } from '../text/normalise.ts';
import type { RiskSignal } from './types.ts';

/** Placeholder until the classifier lands. */
export interface SelfHarmModel {
  predict(norm: string): { p: number; start: number; end: number };
  yellow: number;
}

export function selfHarmSignal(model: SelfHarmModel, n: NormalisedText): RiskSignal | undefined {
  const r = model.predict(n.text);
  if (r.p < model.yellow) return undefined;
  const o = n.toOriginal(r.start, r.end);
  return { code: 'self_harm', evidence: n.original.slice(o.start, o.end), start: o.start, end: o.end, weight: 0.5 };
}
