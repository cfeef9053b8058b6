/**
 * Issue 16: how far two independent judges agree on the same packets (judge noise). Compares the candidate rows
 * (not the articles each judge suggested) of a second judge's files with the first judge's, item by item. Prints
 * aggregate counts only, no letter or article.
 *   npx tsx scripts/judged/agreement.ts --first eval/judged/judgements/f9-r2-p01.jsonl,… --second eval/judged/agreement/j111-f9-r2-p01.jsonl,…
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { itemKey, type Judgement } from '../../eval/metrics/judged.ts';

const { values } = parseArgs({ options: { first: { type: 'string' }, second: { type: 'string' } } });
if (!values.first || !values.second) throw new Error('--first and --second name comma-separated judgement files');

function read(files: string): { scores: Map<string, number>; needs: Map<string, boolean> } {
  const scores = new Map<string, number>();
  const needs = new Map<string, boolean>();
  for (const f of files.split(',')) {
    for (const line of readFileSync(f, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const j = JSON.parse(line) as Judgement;
      if (typeof j.needs_statute === 'boolean') needs.set(j.letter_id, j.needs_statute);
      if (j.suggested || !j.law || !j.article || typeof j.score !== 'number') continue;
      scores.set(`${j.letter_id}|${itemKey(j.law, j.article)}`, j.score);
    }
  }
  return { scores, needs };
}

const a = read(values.first);
const b = read(values.second);
const common = [...a.scores.keys()].filter((k) => b.scores.has(k));
const same = common.filter((k) => a.scores.get(k) === b.scores.get(k)).length;
const two = (m: Map<string, number>, k: string) => m.get(k) === 2;
const sameTwo = common.filter((k) => two(a.scores, k) === two(b.scores, k)).length;
const letters = [...a.needs.keys()].filter((id) => b.needs.has(id));
const sameNeeds = letters.filter((id) => a.needs.get(id) === b.needs.get(id)).length;
const count = (m: Map<string, number>, s: number) => common.filter((k) => m.get(k) === s).length;
console.log(
  JSON.stringify({
    items: common.length,
    only_first: a.scores.size - common.length,
    only_second: b.scores.size - common.length,
    exact: Number((same / common.length).toFixed(3)),
    two_vs_not: Number((sameTwo / common.length).toFixed(3)),
    first_2_1_0: [count(a.scores, 2), count(a.scores, 1), count(a.scores, 0)],
    second_2_1_0: [count(b.scores, 2), count(b.scores, 1), count(b.scores, 0)],
    needs_statute_letters: letters.length,
    needs_statute_agree: sameNeeds,
  }),
);
