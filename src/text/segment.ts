import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Jieba } from '@node-rs/jieba';

// The package's default dictionary, read directly: its dict.js also reads the 6 MB idf.txt, which nothing here uses.
const DEFAULT_DICT_PATH = createRequire(import.meta.url).resolve('@node-rs/jieba/dict.txt');

/** The petition and legal terms jieba should keep whole (拖欠工资, 信访事项, 征收补偿 …). */
export const PETITION_DICT_PATH = new URL('./petition-dict.txt', import.meta.url);

export interface Segmenter {
  /** Words in order; the concatenation equals the input. */
  cut(text: string): string[];
  /** Finer cut that also yields the parts of long words, for indexing. */
  cutForSearch(text: string): string[];
}

// Loading jieba's dictionary costs ~0.1–0.2 s of CPU; triage's models share one segmenter instead of loading
// it once each at start-up (it is read-only after loading, so sharing cannot change a cut).
let shared: Segmenter | undefined;

/** Loads jieba with its default dictionary plus the petition dictionary (and any extra dictionary text). */
export function createSegmenter(opts: { extraDict?: string } = {}): Segmenter {
  if (!opts.extraDict) return (shared ??= loadSegmenter());
  return loadSegmenter(opts.extraDict);
}

function loadSegmenter(extraDict?: string): Segmenter {
  const jieba = Jieba.withDict(readFileSync(DEFAULT_DICT_PATH));
  jieba.loadDict(readFileSync(PETITION_DICT_PATH));
  if (extraDict) jieba.loadDict(Buffer.from(extraDict));
  return {
    // HMM off: new-word guessing makes cuts less stable between similar petitions.
    cut: (text) => jieba.cut(text, false),
    cutForSearch: (text) => jieba.cutForSearch(text, false),
  };
}
