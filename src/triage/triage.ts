import type {
  CategoryResult,
  EmotionResult,
  RiskContext,
  RiskResult,
  RiskSignal,
  Triage,
  TriageResult,
} from './types.ts';
import { riskOf } from './risk.ts';

/** Emotion and category computed beforehand by an async backend (ONNX models under MODEL_DIR). */
export interface Precomputed {
  emotion?: EmotionResult;
  category?: CategoryResult;
}

export interface TriageParts {
  emotion: (text: string) => EmotionResult;
  category: (text: string, title?: string) => CategoryResult;
  risk: (text: string, ctx?: RiskContext) => RiskResult;
}

/** Anger this strong is evidence too (the lexicon finds the words, this the tone). */
export const STRONG_ANGER_INTENSITY = 0.8;
// As the lexicon's intense anger (risk-signals.md): it never makes a case yellow alone, it adds to other evidence.
const STRONG_ANGER_WEIGHT = 0.2;

/** A title can carry the threat too; its signals keep their spans into the title and say so. */
function withTitle(risk: RiskResult, titleSignals: RiskSignal[]): RiskResult {
  if (!titleSignals.length) return risk;
  return riskOf([...risk.signals, ...titleSignals.map((s) => ({ ...s, field: 'title' as const }))]);
}

/**
 * Emotion, category and risk of one petition. The emotion may add a strong-anger signal; nothing can
 * remove a signal, so the level never drops below what the text's evidence gives.
 */
export function createTriage(
  parts: TriageParts,
): Triage & { analyze(text: string, title?: string, ctx?: RiskContext, pre?: Precomputed): TriageResult } {
  return {
    analyze(text: string, title?: string, ctx?: RiskContext, pre: Precomputed = {}): TriageResult {
      const emotion = pre.emotion ?? parts.emotion(title ? `${title}。${text}` : text);
      const category = pre.category ?? parts.category(text, title);
      const risk = withTitle(parts.risk(text, ctx), title ? parts.risk(title).signals : []);
      if (
        emotion.label === 'angry' &&
        emotion.intensity >= STRONG_ANGER_INTENSITY &&
        !risk.signals.some((s) => s.code === 'strong_anger')
      ) {
        const tone: RiskSignal = { code: 'strong_anger', evidence: '', start: 0, end: 0, weight: STRONG_ANGER_WEIGHT };
        return { emotion, category, risk: riskOf([...risk.signals, tone]) };
      }
      return { emotion, category, risk };
    },
  };
}
