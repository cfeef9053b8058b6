/** The six labels of SMP2020-EWECT. */
export const EMOTIONS = ['angry', 'fear', 'happy', 'neutral', 'sad', 'surprise'] as const;
export type Emotion = (typeof EMOTIONS)[number];

/** The seven first-level categories of the Teddy Cup routing data, plus 其他 for anything else. */
export const CATEGORIES = [
  '城乡建设',
  '环境保护',
  '交通运输',
  '教育文体',
  '劳动和社会保障',
  '商贸旅游',
  '卫生计生',
  '其他',
] as const;
export type Category = (typeof CATEGORIES)[number];

export type RiskLevel = 'red' | 'yellow' | 'green';

/** One piece of evidence for a risk: `evidence` is the exact substring of the ORIGINAL text at [start, end). */
export interface RiskSignal {
  code: string;
  evidence: string;
  start: number;
  end: number;
  weight: number;
  /** Where the evidence is: the petition text (default) or its title. */
  field?: 'text' | 'title';
}

export interface EmotionResult {
  label: Emotion;
  scores: Record<Emotion, number>;
  /** 0..1: how strongly the petitioner feels, whatever the label. */
  intensity: number;
}

export interface CategoryResult {
  label: Category;
  scores: Record<Category, number>;
  /** The receiving department from the configurable routing table. */
  department: string;
}

export interface RiskResult {
  level: RiskLevel;
  score: number;
  signals: RiskSignal[];
  /** Set when danger to life is happening now: what the operator must do at once (call 110/119/120). */
  advice?: string;
}

/** What the case file knows about a petition's history; computed from the database by the caller. */
export interface RiskContext {
  /** Earlier petitions on the same matter (same petitioner or near-duplicate text) within the window. */
  repeatCount?: number;
  /** Days since the matter was first raised, when it is still unresolved. */
  daysUnresolved?: number;
}

export interface TriageResult {
  emotion: EmotionResult;
  category: CategoryResult;
  risk: RiskResult;
}

export interface Triage {
  analyze(text: string, title?: string, ctx?: RiskContext): TriageResult;
}
