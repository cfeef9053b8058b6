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

export const EMOTION_TRAIN_FILES = [
  'emotion/ewect-virus-train.jsonl',
  'emotion/ewect-virus-eval.jsonl',
  'emotion/ewect-virus-test.jsonl',
];
/** The reported split: never used for training. */
export const EMOTION_EVAL_FILE = 'emotion/ewect-usual-eval.jsonl';
export const ROUTING_FILE = 'routing/teddy-fj2-open.jsonl';

/** Training text the team wrote itself (training/, in the repository): no bench rows, labels as written. */
export const WRITTEN_DIR = join(process.cwd(), 'training');

/** Reads team-written JSON Lines files under training/ ({text, label} per line). */
export function readWritten(files: string[]): { text: string; label: string }[] {
  return files.flatMap((file) =>
    readFileSync(join(WRITTEN_DIR, file), 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l, i) => {
        const r = JSON.parse(l) as { text?: unknown; label?: unknown };
        if (typeof r.text !== 'string' || typeof r.label !== 'string')
          throw new Error(`training/${file}: line ${i + 1} needs text and label`);
        return { text: r.text, label: r.label };
      }),
  );
}
