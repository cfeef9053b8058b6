/**
 * The written risk corpus: petitions written for this project by independent writers who never saw the code,
 * each labelled with a level, a kind and evidence spans (training/risk/README.md). Split by writer:
 * train/ and dev/ are plain JSON Lines; the blind writers' files are gzipped under eval/blind/risk/ so that
 * no search through the tree shows their text, and every script reports them in aggregate only.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { z } from 'zod';

export const WrittenRowSchema = z.object({
  id: z.string(),
  writer: z.string(),
  channel: z.string(),
  text: z.string(),
  risk: z.enum(['red', 'yellow', 'green']),
  kind: z.string(),
  emotion: z.string(),
  category: z.string(),
  evidence: z.array(z.string()),
});
export type WrittenRow = z.infer<typeof WrittenRowSchema>;
export type Split = 'train' | 'dev' | 'blind' | 'blind-2' | 'blind-3';

const ROOT = join(import.meta.dirname, '../..');
const DIRS: Record<Split, string> = {
  train: join(ROOT, 'training/risk/train'),
  dev: join(ROOT, 'training/risk/dev'),
  blind: join(ROOT, 'eval/blind/risk'),
  'blind-2': join(ROOT, 'eval/blind/risk'),
  'blind-3': join(ROOT, 'eval/blind/risk'),
};

/** The writers split.txt names for a split (`blind: w23 w24 …`): the blind sets share one folder. */
function writersInSplitFile(split: Split): Set<string> | undefined {
  if (split === 'train' || split === 'dev') return undefined;
  const line = readFileSync(join(ROOT, 'training/risk/split.txt'), 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${split}:`));
  if (!line) throw new Error(`split.txt names no writers for ${split}`);
  return new Set(
    line
      .slice(split.length + 1)
      .trim()
      .split(/\s+/),
  );
}

function parse(text: string, file: string): WrittenRow[] {
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map((l, i) => {
      const r = WrittenRowSchema.safeParse(JSON.parse(l));
      // The message names the file and line only: a blind row's text must never reach a log.
      if (!r.success) throw new Error(`${file}:${i + 1}: not a written-corpus row`);
      return r.data;
    });
}

/** The rows of one split, every writer's file in name order. */
export function readSplit(split: Split): WrittenRow[] {
  const dir = DIRS[split];
  const only = writersInSplitFile(split);
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl') || f.endsWith('.jsonl.gz'))
    .filter((f) => !only || only.has(f.split('.')[0]))
    .sort();
  return files.flatMap((f) => {
    const raw = readFileSync(join(dir, f));
    return parse(f.endsWith('.gz') ? gunzipSync(raw).toString('utf8') : raw.toString('utf8'), f);
  });
}

/** The writers of a split (for writer-disjoint folds). */
export const writersOf = (rows: WrittenRow[]) => [...new Set(rows.map((r) => r.writer))].sort();
