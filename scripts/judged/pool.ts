/**
 * Issue 16 judging pool: for every letter of eval/judged/letters.json, the top-5 articles of each design and the
 * substantive citations of the drafts each design would produce, pooled, shuffled per letter, with no system
 * named. Packets go OUTSIDE the repository (they hold letter text):
 *   npx tsx scripts/judged/pool.ts --round 1 --designs service,bm25,matter (round 1 ran 'service' before issue 16's changes, saved as runs/current.jsonl)   → /work/judging/packets/p01.jsonl …
 *   npx tsx scripts/judged/pool.ts --round 2 --designs …                       → r2-p01.jsonl … (unjudged pairs only)
 * Each design's lists are kept in /work/judging/runs/<design>.jsonl (ids and article keys only).
 * A fresh blind set (scripts/judged/letters.ts --fresh): its own letters file and a tag on runs and packets,
 *   npx tsx scripts/judged/pool.ts --letters eval/judged/letters-fresh.json --tag fresh- --designs matter,bm25
 * writes runs/fresh-<design>.jsonl and packets/fresh-p01.jsonl …; every pair is new to the judges.
 * Nothing about blind letters is printed: only counts.
 * Pairs a cross-validated design shows or quotes (scripts/judged/learned.ts --pairs) join the pool with --pairs; several
 * letter files at once with a comma, e.g. issue 16's round 4 (unjudged pairs only, packets r4-p01 …):
 *   npx tsx scripts/judged/pool.ts --round 4 --designs matter --pairs eval/judged/unjudged-r4.json \
 *     --letters eval/judged/letters.json,eval/judged/letters-fresh.json,eval/judged/letters-fresh-2.json,eval/judged/letters-train-3.json
 * Round 13 (the affinity designs' pairs, seeds 0–2, no design run here): --round 5 --tag prof5- --designs '' \
 *   --pairs eval/judged/unjudged-prof5-s0.json,eval/judged/unjudged-prof5-s1.json,eval/judged/unjudged-prof5-s2.json
 *   writes prof5-r5-p01.jsonl …, renamed prof5-p01.jsonl … for the judges.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { LETTERS_FILE, readLetters } from './letters.ts';
import { DESIGNS, type DesignName } from './designs.ts';
import { loadCorpus } from '../../src/clauses/index.ts';

const JUDGING = '/work/judging';
const JUDGEMENTS = new URL('../../eval/judged/judgements', import.meta.url).pathname;
const PER_PACKET = 24;

const { values } = parseArgs({
  options: {
    dry: { type: 'boolean', default: false },
    round: { type: 'string', default: '1' },
    designs: { type: 'string', default: 'service,bm25,matter' },
    letters: { type: 'string', default: LETTERS_FILE },
    tag: { type: 'string', default: '' },
    pairs: { type: 'string' },
  },
});
const tag = values.tag!;
const round = Number(values.round);
const names = values.designs!.split(',').filter(Boolean) as DesignName[];

const letters = values
  .letters!.split(',')
  .flatMap((f) => (JSON.parse(readFileSync(f, 'utf8')) as { letters: { id: string; split: string }[] }).letters);
const wanted = new Set(letters.map((l) => l.id));
const rows = readLetters(wanted);

const corpus = loadCorpus(new URL('../../corpus', import.meta.url).pathname);
mkdirSync(join(JUDGING, 'runs'), { recursive: true });
mkdirSync(join(JUDGING, 'packets'), { recursive: true });

type Key = { law: string; article: string };
const pooled = new Map<string, Map<string, Key>>();
for (const name of names) {
  const design = await DESIGNS[name]();
  const out: string[] = [];
  for (const l of letters) {
    const r = rows.get(l.id)!;
    const res = await design.run(r.text, r.title);
    out.push(JSON.stringify({ letter_id: l.id, ...res }));
    const m = pooled.get(l.id) ?? new Map<string, Key>();
    for (const c of [...res.top5, ...res.draft]) m.set(`${c.law}#${c.article}`, { law: c.law, article: c.article });
    pooled.set(l.id, m);
  }
  writeFileSync(join(JUDGING, 'runs', `${tag}${name}.jsonl`), out.join('\n') + '\n');
  console.log(`${name}: ran ${letters.length} letters`);
}

// Pairs of cross-validated designs (learned.ts --pairs; several files, e.g. one per seed, with a comma), for the
// letters of this set. The pooled map keys by article, so a pair in several files is sent once.
if (values.pairs) {
  const items = values.pairs
    .split(',')
    .flatMap((f) => (JSON.parse(readFileSync(f, 'utf8')) as { items: (Key & { letter_id: string })[] }).items);
  for (const p of items.filter((x) => wanted.has(x.letter_id))) {
    const m = pooled.get(p.letter_id) ?? new Map<string, Key>();
    m.set(`${p.law}#${p.article}`, { law: p.law, article: p.article });
    pooled.set(p.letter_id, m);
  }
}

// Already judged pairs (round 2 sends only the rest).
const judged = new Set<string>();
if (existsSync(JUDGEMENTS)) {
  for (const f of readdirSync(JUDGEMENTS).filter((f) => f.endsWith('.jsonl'))) {
    for (const line of readFileSync(join(JUDGEMENTS, f), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const j = JSON.parse(line) as { letter_id: string; law: string; article: string; suggested?: boolean };
      const law = corpus.findLaw(j.law)?.title ?? j.law;
      judged.add(`${j.letter_id}|${law}#${j.article}`);
    }
  }
}

// Pairs already sent in earlier packets are being judged: a later round sends only new pairs.
if (round > 1) {
  for (const f of readdirSync(join(JUDGING, 'packets')).filter(
    (f) => f.endsWith('.jsonl') && !f.startsWith(`${tag}r${round}-`),
  )) {
    for (const line of readFileSync(join(JUDGING, 'packets', f), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const p = JSON.parse(line) as { letter_id: string; candidates: { law: string; article: string }[] };
      for (const c of p.candidates) judged.add(`${p.letter_id}|${corpus.findLaw(c.law)?.title ?? c.law}#${c.article}`);
    }
  }
}

const shuffleKey = (id: string, key: string) => createHash('sha1').update(`${id}|${key}|16`).digest('hex');
const packets: string[][] = [];
let items = 0;
let current: string[] = [];
for (const l of letters) {
  const r = rows.get(l.id)!;
  const cands = [...(pooled.get(l.id)?.entries() ?? [])]
    .filter(
      ([k]) =>
        round === 1 ||
        !judged.has(`${l.id}|${corpus.findLaw(k.split('#')[0])?.title ?? k.split('#')[0]}#${k.split('#')[1]}`),
    )
    .sort(([a], [b]) => (shuffleKey(l.id, a) < shuffleKey(l.id, b) ? -1 : 1))
    .map(([, c]) => ({
      law: c.law,
      article: c.article,
      article_text: corpus.getArticle(c.law, c.article)?.text ?? '',
    }));
  if (!cands.length) continue;
  items += cands.length;
  current.push(JSON.stringify({ letter_id: l.id, title: r.title, text: r.text, candidates: cands }));
  if (current.length === PER_PACKET) packets.push(current), (current = []);
}
if (current.length) packets.push(current);
if (!values.dry)
  packets.forEach((p, i) => {
    const name = `${tag}${round === 1 ? '' : `r${round}-`}p${String(i + 1).padStart(2, '0')}.jsonl`;
    writeFileSync(join(JUDGING, 'packets', name), p.join('\n') + '\n');
  });
console.log(
  `round ${round}${values.dry ? ' (dry run, nothing written)' : ''}: ${packets.length} packets, ${items} (letter, article) items`,
);
