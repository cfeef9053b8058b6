import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Open benchmark splits, read at run time from ../shared/bench (never copied into the repository). */
export const BENCH_DIR = process.env.BENCH_DIR ?? join(process.cwd(), '..', 'shared', 'bench');

export interface EmotionRow {
  id: string;
  text: string;
  label: string;
}

export interface RoutingRow {
  id: string;
  title: string;
  text: string;
  label: string;
}

/** Reads one JSON Lines file of the bench. */
export function readBench<T>(file: string): T[] {
  return readFileSync(join(BENCH_DIR, file), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T);
}

export const EMOTION_TRAIN_FILES = ['emotion/ewect-virus-train.jsonl', 'emotion/ewect-virus-eval.jsonl', 'emotion/ewect-virus-test.jsonl'];
/** The reported split: never used for training. */
export const EMOTION_EVAL_FILE = 'emotion/ewect-usual-eval.jsonl';
export const ROUTING_FILE = 'routing/teddy-fj2-open.jsonl';
