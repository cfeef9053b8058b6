/**
 * The judged letter set of issue 16: the 240 letters of teddy-fj4-open.jsonl (text ≥ 30 characters) that come
 * first by sha1(id). The brief's split (sha1 first hex 0-7 dev, 8-f blind) leaves no blind letter, because the
 * first 240 by sha1 all start with 0 or 1; the same idea within the set: the first 120 by sha1 → dev, the next
 * 120 → blind. Writes ids and split only (no text).
 *   npx tsx scripts/judged/letters.ts
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';

export const REPLIES = new URL('../../../shared/bench/replies/teddy-fj4-open.jsonl', import.meta.url).pathname;
export const LETTERS_FILE = new URL('../../eval/judged/letters.json', import.meta.url).pathname;
const sha1 = (s: string) => createHash('sha1').update(s).digest('hex');

export function selectLetters(path = REPLIES, n = 240) {
  const rows = readFileSync(path, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { id: string; text: string });
  return rows
    .filter((r) => (r.text ?? '').length >= 30)
    .map((r) => ({ id: r.id, h: sha1(r.id) }))
    .sort((a, b) => (a.h < b.h ? -1 : a.h > b.h ? 1 : 0))
    .slice(0, n)
    .map((r, i) => ({ id: r.id, split: i < n / 2 ? 'dev' : 'blind' }));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const letters = selectLetters();
  writeFileSync(LETTERS_FILE, JSON.stringify({ source: 'teddy-fj4-open.jsonl', rule: 'text length >= 30, first 240 by sha1(id); rank 0-119 by sha1 dev, 120-239 blind', letters }, null, 0) + '\n');
  const dev = letters.filter((l) => l.split === 'dev').length;
  console.log(`letters ${letters.length}: dev ${dev}, blind ${letters.length - dev}`);
}
