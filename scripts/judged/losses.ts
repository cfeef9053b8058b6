/**
 * Issue 16: where the shipped matter-first design loses statute letters on the 240 dev letters (eval/judged/letters.json
 * only; never the fresh sets). Per letter: judges' needs_statute, the recognised matter, kind, what the draft quotes
 * and the articles judged 2, grouped by loss. In-sample by construction: a reading aid for writing matters.json.
 *   npx tsx scripts/judged/losses.ts [--text]
 */
import { readFileSync } from 'node:fs';
import { loadJudgements } from '../../eval/metrics/judged.ts';
import { loadCorpus } from '../../src/clauses/index.ts';
import { createMatterFirst, DRAFT_THRESHOLD, MAX_DRAFT_ARTICLES } from '../../src/clauses/matter-first.ts';
import { articleKey } from '../../src/clauses/matter-evidence.ts';
import { createTokenizer } from '../../src/clauses/tokenize.ts';
import { LETTERS_FILE, readLetters } from './letters.ts';

const showText = process.argv.includes('--text');
const ids = (JSON.parse(readFileSync(LETTERS_FILE, 'utf8')) as { letters: { id: string }[] }).letters.map((l) => l.id);
const rows = readLetters(ids);
const judged = loadJudgements(new URL('../../eval/judged/judgements', import.meta.url).pathname);
const corpus = loadCorpus(new URL('../../corpus', import.meta.url).pathname);
const mf = createMatterFirst(corpus, { tokenizer: createTokenizer() });
const groups = new Map<string, string[]>();
for (const id of ids) {
  const j = judged.get(id);
  if (!j) continue;
  const row = rows.get(id)!;
  const r = mf.recommend(row.text, { title: row.title, k: 5 });
  const twos = [...j.scores].filter(([k, s]) => s >= 1.5 && !k.startsWith('信访')).map(([k]) => k);
  const statute = r.kind !== 'thanks' && Boolean(r.matter?.needsStatute);
  const draft = statute ? r.ranked.filter((c) => c.confidence >= DRAFT_THRESHOLD).slice(0, MAX_DRAFT_ARTICLES) : [];
  const hit = draft.some((c) => (j.scores.get(articleKey(c.law, c.article)) ?? 0) >= 1.5);
  let loss: string;
  if (!j.needsStatute) loss = draft.length ? 'no-statute-but-cites' : 'no-statute-ok';
  else if (!r.matter) loss = 'no-matter';
  else if (!r.matter.needsStatute) loss = `matter-needs-none`;
  else if (r.kind === 'thanks') loss = 'thanks';
  else if (!draft.length) loss = 'below-threshold';
  else loss = hit ? 'ok' : 'wrong-article';
  const line = `${id} [${r.kind}] ${r.matter?.id ?? '-'} draft=${draft.map((c) => `${articleKey(c.law, c.article)}@${c.confidence}`).join(',') || '-'} top=${r.ranked
    .slice(0, 3)
    .map((c) => `${articleKey(c.law, c.article)}@${c.confidence}`)
    .join(
      ',',
    )} | 2: ${twos.join(', ') || '-'} | ${row.title}${showText ? ` | ${row.text.slice(0, 220).replace(/\s+/g, ' ')}` : ''}`;
  groups.set(loss, [...(groups.get(loss) ?? []), line]);
}
for (const [loss, lines] of [...groups].sort()) {
  console.log(`\n## ${loss} (${lines.length})`);
  for (const l of lines) console.log(l);
}
