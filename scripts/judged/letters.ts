/**
 * The judged letter set of issue 16: the 240 letters of teddy-fj4-open.jsonl (text ≥ 30 characters) that come
 * first by sha1(id). The brief's split (sha1 first hex 0-7 dev, 8-f blind) leaves no blind letter, because the
 * first 240 by sha1 all start with 0 or 1; the same idea within the set: the first 120 by sha1 → dev, the next
 * 120 → blind. Writes ids and split only (no text).
 *   npx tsx scripts/judged/letters.ts
 * Training letters of round 15 (ranks 1680 to the end): npx tsx scripts/judged/letters.ts --train-4 → letters-train-4.json
 * Blind sets after round 15 come from the routing sample: npx tsx scripts/judged/letters.ts --fj2 1 → letters-fj2-1.json
 * A fresh blind set, by the same rule: the next letters by sha1 rank (240–359), all blind, ids only:
 *   npx tsx scripts/judged/letters.ts --fresh   → eval/judged/letters-fresh.json
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { linesOf, REPLIES, ROUTING, WRITTEN_BLIND_DIR, WRITTEN_DIR } from '../../eval/judged-letters.ts';

// The letters' sources and reader live with the suite that reads them too (eval/judged-letters.ts).
export { REPLIES, ROUTING, readLetters } from '../../eval/judged-letters.ts';
export const LETTERS_FILE = new URL('../../eval/judged/letters.json', import.meta.url).pathname;
const sha1 = (s: string) => createHash('sha1').update(s).digest('hex');

export const FRESH_FILE = new URL('../../eval/judged/letters-fresh.json', import.meta.url).pathname;

/** Letters of text ≥ 30 characters (and any further `keep`) in sha1(id) order (the selection rule), ids only. */
function bySha1(path: string, keep: (r: { text: string }) => boolean = () => true): string[] {
  const rows = linesOf(path)
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { id: string; text: string });
  return rows
    .filter((r) => (r.text ?? '').length >= 30 && keep(r))
    .map((r) => ({ id: r.id, h: sha1(r.id) }))
    .sort((a, b) => (a.h < b.h ? -1 : a.h > b.h ? 1 : 0))
    .map((r) => r.id);
}

/**
 * Blind set N from teddy-fj2-open (120 letters of text ≥ 30 characters by sha1(id), ranks 120(N-1)..120N-1), leaving
 * out any message whose opening 40 characters also open a fj4 letter (one does: the two samples share a platform).
 */
export function fj2Letters(round: number) {
  const opening = (t: string) => t.replace(/\s+/g, '').slice(0, 40);
  const fj4 = new Set(
    linesOf(REPLIES)
      .filter(Boolean)
      .map((l) => opening((JSON.parse(l) as { text: string }).text)),
  );
  return bySha1(ROUTING, (r) => !fj4.has(opening(r.text)))
    .slice(120 * (round - 1), 120 * round)
    .map((id) => ({ id, split: 'blind' as const }));
}

export function selectLetters(path = REPLIES, n = 240) {
  return bySha1(path)
    .slice(0, n)
    .map((id, i) => ({ id, split: i < n / 2 ? 'dev' : 'blind' }));
}

/** The next blind set by the same rule: sha1 ranks from..from+n-1 (after the 240 judged letters), all blind. */
export function freshLetters(path = REPLIES, from = 240, n = 120) {
  return bySha1(path)
    .slice(from, from + n)
    .map((id) => ({ id, split: 'blind' as const }));
}

if (import.meta.url === `file://${process.argv[1]}` && process.argv.includes('--fresh')) {
  // --fresh: ranks 240-359 → letters-fresh.json; --fresh 2: ranks 360-479 → letters-fresh-2.json; --fresh 3:
  // 480-599; --fresh 4: 840-959; --fresh 5: 960-1079; --fresh 6: 1080-1199 (each set drawn only after the design it
  // measures froze).
  const round = Number(process.argv[process.argv.indexOf('--fresh') + 1]) || 1;
  // Ranks 600-839 became training letters (letters-train-3.json), so round 4 on starts after them.
  const from = round <= 3 ? 240 + 120 * (round - 1) : 840 + 120 * (round - 4);
  const file = round === 1 ? FRESH_FILE : FRESH_FILE.replace(/\.json$/, `-${round}.json`);
  const letters = freshLetters(REPLIES, from);
  writeFileSync(
    file,
    JSON.stringify(
      {
        source: 'teddy-fj4-open.jsonl',
        rule: `text length >= 30, by sha1(id); ranks ${from}-${from + 119} (after the letters judged before), all blind`,
        letters,
      },
      null,
      0,
    ) + '\n',
  );
  console.log(`fresh blind letters ${letters.length} → ${file}`);
} else if (import.meta.url === `file://${process.argv[1]}` && process.argv.includes('--fj2')) {
  // --fj2 N: blind set N from teddy-fj2-open → letters-fj2-N.json (draw it only after the design it measures froze).
  const round = Number(process.argv[process.argv.indexOf('--fj2') + 1]) || 1;
  const letters = fj2Letters(round);
  const file = FRESH_FILE.replace('letters-fresh.json', `letters-fj2-${round}.json`);
  writeFileSync(
    file,
    JSON.stringify({
      source: 'teddy-fj2-open.jsonl',
      rule: `text length >= 30, not opening like a fj4 letter, by sha1(id); ranks ${120 * (round - 1)}-${120 * round - 1}, all blind`,
      letters,
    }) + '\n',
  );
  console.log(`blind letters ${letters.length} → ${file}`);
} else if (import.meta.url === `file://${process.argv[1]}` && process.argv.includes('--written')) {
  // --written train|dev|blind|dev-2|blind-2: the ids of that split's writers → letters-written-<split>.json (ids only).
  // A split whose name starts with "blind" lives in eval/blind/letters/ and is marked blind.
  const split = process.argv[process.argv.indexOf('--written') + 1] ?? '';
  const blind = split.startsWith('blind');
  const writers = (JSON.parse(readFileSync(join(WRITTEN_DIR, 'SPLIT.json'), 'utf8')) as Record<string, string[]>)[
    split
  ];
  if (!writers?.length) throw new Error(`--written: no writers for split ${split} in written/SPLIT.json`);
  const dir = blind ? WRITTEN_BLIND_DIR : WRITTEN_DIR;
  const letters = writers.flatMap((w) =>
    linesOf(join(dir, `${w}.jsonl.gz`))
      .filter(Boolean)
      .map((l) => ({
        id: (JSON.parse(l) as { id: string }).id,
        split: blind ? ('blind' as const) : ('dev' as const),
      })),
  );
  const file = FRESH_FILE.replace('letters-fresh.json', `letters-written-${split}.json`);
  writeFileSync(
    file,
    JSON.stringify({
      source: `written letters, writers ${writers.join(' ')}`,
      rule: 'every letter of the split',
      letters,
    }) + '\n',
  );
  console.log(`${split} letters ${letters.length} → ${file}`);
} else if (import.meta.url === `file://${process.argv[1]}` && process.argv.includes('--train-4')) {
  // Training letters of round 15: every letter from rank 1680 to the end. Ranks 1440-1679 stay reserved for the
  // blind sets 9 and 10, drawn only after the model trained on these froze.
  const all = bySha1(REPLIES);
  const letters = all.slice(1680).map((id) => ({ id, split: 'train' as const }));
  const file = FRESH_FILE.replace('letters-fresh.json', 'letters-train-4.json');
  writeFileSync(
    file,
    JSON.stringify({
      source: 'teddy-fj4-open.jsonl',
      rule: `text length >= 30, by sha1(id); ranks 1680-${all.length - 1}, judged as training data for the learned citation decision (ranks 1440-1679 stay reserved for blind sets 9 and 10); nobody reads their text`,
      letters,
    }) + '\n',
  );
  console.log(`training letters ${letters.length} → ${file}`);
} else if (import.meta.url === `file://${process.argv[1]}`) {
  const letters = selectLetters();
  writeFileSync(
    LETTERS_FILE,
    JSON.stringify(
      {
        source: 'teddy-fj4-open.jsonl',
        rule: 'text length >= 30, first 240 by sha1(id); rank 0-119 by sha1 dev, 120-239 blind',
        letters,
      },
      null,
      0,
    ) + '\n',
  );
  const dev = letters.filter((l) => l.split === 'dev').length;
  console.log(`letters ${letters.length}: dev ${dev}, blind ${letters.length - dev}`);
}
