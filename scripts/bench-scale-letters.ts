/**
 * Synthetic-but-realistic petitions for scripts/bench-scale.ts: sentences of the real letters of the open bench
 * (../shared/bench/replies and routing, read here at run time and never stored in the repository) recombined
 * into new letters, numbers changed, with planted repeats (a letter sent again with a character or two changed)
 * and planted clusters (several letters naming the same employer, estate, village or school within days).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { featuresOf, match } from '../src/alerts/clusters.ts';
import { bigrams, jaccardAtLeast } from '../src/alerts/matter.ts';
import { NEAR_DUPLICATE } from '../src/alerts/repeats.ts';
import { CHANNELS } from '../src/cases/petition-schema.ts';
import { mulberry32 } from '../src/random.ts';

const BENCH = join(import.meta.dirname, '../../shared/bench');
const FILES = ['replies/teddy-fj4-open.jsonl', 'routing/teddy-fj2-open.jsonl'];
const DAY_MS = 86_400_000;
const NAME_CHARS = '宏达兴盛华安泰和顺祥瑞福康明光新阳金银鑫源丰东南春秋青山林江湖海星月云龙凤';
const MATTERS = [
  ['建筑公司', '拖欠我们工人的工资至今未付'],
  ['花园小区', '物业擅自提高停车收费'],
  ['家园', '开发商迟迟不办理房产证'],
  ['村', '征地补偿款一直没有发放到户'],
  ['小学', '违规收取课后服务费用'],
  ['工厂', '夜间排放废气气味刺鼻'],
] as const;
const PLACES = [
  '清河镇',
  '城关街道',
  '东岭乡',
  '西山镇',
  '南湖街道',
  '北坪乡',
  '石桥镇',
  '新城街道',
  '河口镇',
  '白云乡',
];

export interface ScaleLetter {
  title: string | null;
  text: string;
  channel: (typeof CHANNELS)[number];
  location: string | null;
  /** Offset from the start of the period, in milliseconds; rows come in received order. */
  at: number;
  phone: string | null;
  /** What was planted: a repeat of, or a same-matter letter with, the row at index `of`. */
  plant: { kind: 'repeat' | 'cluster'; of: number } | null;
}

/** Every sentence of the bench letters (split at 。！？；), and the titles. */
function loadSentences(): { sentences: string[]; titles: string[] } {
  const sentences: string[] = [];
  const titles: string[] = [];
  for (const f of FILES) {
    for (const line of readFileSync(join(BENCH, f), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const l = JSON.parse(line) as { title?: string; text?: string };
      if (l.title?.trim()) titles.push(l.title.trim().slice(0, 60));
      for (const s of (l.text ?? '').replace(/\s+/g, '').split(/(?<=[。！？；!?;])/))
        if ([...s].length >= 8) sentences.push(s);
    }
  }
  return { sentences, titles };
}

/**
 * `n` letters over `days` days in received order: about 6 % planted repeats of a letter of the previous 60 days
 * and 6 % planted same-matter letters of one of the previous 5 days; each plant is kept only when the exact rule
 * the service applies (bigram Jaccard ≥ 0.8; clusters.ts `match`) holds for the pair, so every plant is a true one.
 */
export function* scaleLetters(n: number, days: number, seed = 24): Generator<ScaleLetter> {
  const { sentences, titles } = loadSentences();
  const r = mulberry32(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const digits = (s: string) => s.replace(/\d+/g, (d) => String(Math.floor(r() * 10 ** Math.min(d.length, 6))));
  const name = () => Array.from({ length: 2 + Math.floor(r() * 2) }, () => pick([...NAME_CHARS])).join('');
  const body = () => digits(Array.from({ length: 3 + Math.floor(r() * 4) }, () => pick(sentences)).join(''));
  // Every letter so far (index = row), of which rows from `first` on are within the last 60 days, for plants.
  const rows: ScaleLetter[] = [];
  const matters: { index: number; phrase: string; at: number }[] = [];
  const step = (days * DAY_MS) / n;
  let first = 0;
  let firstMatter = 0;
  for (let i = 0; i < n; i++) {
    const at = Math.floor(i * step + r() * step);
    while (first < rows.length && rows[first].at < at - 60 * DAY_MS) delete rows[first++]; // frees the old letter
    while (firstMatter < matters.length && matters[firstMatter].at < at - 5 * DAY_MS) firstMatter++;
    const u = r();
    const base: ScaleLetter = {
      title: r() < 0.7 ? digits(pick(titles)) : null,
      text: body(),
      channel: pick(CHANNELS),
      location: r() < 0.85 ? pick(PLACES) : null,
      at,
      phone: r() < 0.75 ? `13${String(Math.floor(r() * 1e9)).padStart(9, '0')}` : null,
      plant: null,
    };
    let row = base;
    if (u < 0.06 && first < rows.length) {
      const k = first + Math.floor(r() * (rows.length - first));
      const of = rows[k];
      const cs = [...of.text];
      for (let e = 1 + Math.floor(r() * 2); e > 0; e--) cs[Math.floor(r() * cs.length)] = pick([...NAME_CHARS]);
      const text = cs.join('');
      if (jaccardAtLeast(bigrams(text), bigrams(of.text), NEAR_DUPLICATE) > 0)
        row = { ...base, title: of.title, text, plant: { kind: 'repeat', of: k } };
    } else if (u < 0.12 && firstMatter < matters.length) {
      const m = matters[firstMatter + Math.floor(r() * (matters.length - firstMatter))];
      const text = `${m.phrase}。${body()}`;
      const of = rows[m.index];
      if (of && match(featuresOf(of.title, of.text, false), featuresOf(null, text, false)))
        row = { ...base, title: null, text, plant: { kind: 'cluster', of: m.index } };
    } else if (u < 0.2) {
      // A letter that names its matter: later ones may be planted beside it.
      const [suffix, what] = pick(MATTERS);
      const phrase = `我们反映${name()}${suffix}${what}`;
      row = { ...base, title: null, text: `${phrase}。${base.text}` };
      matters.push({ index: i, phrase, at });
    }
    rows.push(row);
    yield row;
  }
}

/**
 * The stream `npm run bench:scale -- --n n --days days` registers: n letters at the density of n over `days`, and
 * 50,000 more after them (bench-scale.ts sends that tail over HTTP). Every script that must see the same letters
 * (the profile, the repeats check) starts here.
 */
export const benchStream = (n: number, days: number) => scaleLetters(n + 50_000, days * (1 + 50_000 / n));

/** The first `n` letters of a stream, their times mapped into [start, end). */
export function* take(letters: Generator<ScaleLetter>, n: number, start: number, end: number): Generator<ScaleLetter> {
  for (let i = 0; i < n; i++) {
    const l = letters.next().value as ScaleLetter;
    yield { ...l, at: Math.min(l.at, end - start - 1) };
  }
}
