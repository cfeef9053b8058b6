import { CATEGORIES, EMOTIONS, type RiskSignal, type TriageResult } from '../../triage/types.ts';

// Words a test petition uses to be red (announced self-harm, explosives) or to announce a gathering.
const RED = /跳楼|炸掉|同归于尽/;
const GATHERING = /聚集|堵路|拉横幅/;

const zeros = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

function signal(text: string, re: RegExp, code: string, weight: number): RiskSignal[] {
  const m = re.exec(text);
  return m ? [{ code, evidence: m[0], start: m.index, end: m.index + m[0].length, weight }] : [];
}

/** A stand-in for the real triage models: any function returning a TriageResult must work with alerts. */
export function simpleTriage(text: string): TriageResult {
  const signals = [...signal(text, RED, 'self_harm', 0.95), ...signal(text, GATHERING, 'gathering', 0.45)];
  const level = signals.some((s) => s.weight >= 0.8) ? 'red' : signals.length ? 'yellow' : 'green';
  return {
    emotion: { label: 'angry', scores: { ...zeros(EMOTIONS), angry: 1 }, intensity: 0.5 },
    category: { label: '劳动和社会保障', scores: { ...zeros(CATEGORIES), 劳动和社会保障: 1 }, department: '人社局' },
    risk: { level, score: Math.max(0, ...signals.map((s) => s.weight)), signals },
  };
}
