import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

/**
 * Where the letters of issue 16's judged sets live; the repository holds their ids only. Read here by the
 * clauses-judged suite (eval/tasks/clauses-judged.ts) and by the judging scripts (scripts/judged/letters.ts).
 */
export const REPLIES = new URL('../../shared/bench/replies/teddy-fj4-open.jsonl', import.meta.url).pathname;
/**
 * Real messages to the same kind of platform (the routing sample, teddy-fj2-open.jsonl), distinct ids. Every fj4 letter
 * is training data or a spent blind set since round 15, so further blind sets come from here (--fj2).
 */
export const ROUTING = new URL('../../shared/bench/routing/teddy-fj2-open.jsonl', import.meta.url).pathname;
/**
 * Letters written for issue 16 by independent writers (round 16; ../shared/BLIND.md), once both real samples were
 * used up: one gzipped file per writer, split by writer before any was written (written/SPLIT.json). Train and dev
 * writers' files are in eval/judged/written/, blind writers' in eval/blind/letters/ (gzipped so that no grep shows a
 * row; scripts report aggregates only).
 */
export const WRITTEN_DIR = new URL('./judged/written', import.meta.url).pathname;
export const WRITTEN_BLIND_DIR = new URL('./blind/letters', import.meta.url).pathname;

const writtenFiles = () =>
  [WRITTEN_DIR, WRITTEN_BLIND_DIR].filter(existsSync).flatMap((d) =>
    readdirSync(d)
      .filter((f) => f.endsWith('.jsonl.gz'))
      .map((f) => join(d, f)),
  );
/** Every file a judged letter can come from: both bench samples and each writer's file. */
export const letterFiles = () => [REPLIES, ROUTING, ...writtenFiles()];
export const linesOf = (path: string) =>
  (path.endsWith('.gz') ? gunzipSync(readFileSync(path)).toString('utf8') : readFileSync(path, 'utf8')).split('\n');

/** The title and text of the given letters, read at run time (never copied into the repository). */
export function readLetters(
  ids: Iterable<string>,
  paths: string | string[] = letterFiles(),
): Map<string, { title: string; text: string }> {
  const want = new Set(ids);
  const rows = new Map<string, { title: string; text: string }>();
  for (const path of typeof paths === 'string' ? [paths] : paths) {
    for (const line of linesOf(path)) {
      if (!line) continue;
      const r = JSON.parse(line) as { id: string; title?: string; text: string };
      if (want.has(r.id)) rows.set(r.id, { title: r.title ?? '', text: r.text });
    }
  }
  return rows;
}
