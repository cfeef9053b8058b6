import { bigrams, jaccardAtLeast } from '../matter.ts';
import { mulberry32 } from '../../random.ts';
import { featuresOf, match, CLUSTER_WINDOW_DAYS } from '../clusters.ts';
import { NEAR_DUPLICATE } from '../repeats.ts';
import type { Features } from '../clusters.ts';

/**
 * A synthetic petition load with planted repeats and planted same-matter groups, for measuring the recall of
 * the match index against the exact scan (src/alerts/match-index.test.ts, scripts/bench-repeats.ts).
 * Letters are recombined from neutral clauses, invented names and numbers; nothing here comes from real letters.
 */
const CLAUSES = [
  '我家承包的耕地被收回至今没有补偿',
  '多次找镇政府无人处理',
  '请求依法解决',
  '希望领导重视',
  '拖欠工资已经半年',
  '小区物业乱收停车费',
  '楼上漏水长期无人维修',
  '道路施工噪音严重影响休息',
  '学校周边交通拥堵存在安全隐患',
  '低保申请一直没有批下来',
  '医保报销手续繁琐',
  '拆迁补偿标准过低',
  '村干部账目不公开',
  '企业排放污水污染河道',
  '养老金发放延迟',
  '房屋质量问题开发商推诿',
  '供暖温度不达标',
  '公交线路调整出行不便',
  '菜市场占道经营',
  '垃圾清运不及时气味难闻',
  '宅基地纠纷调解无果',
  '劳动合同到期不续签也不补偿',
  '孩子入学被拒',
  '社保断缴影响退休',
  '噪音扰民夜间施工',
  '路灯损坏晚上出行不便',
  '违章建筑挡住采光',
  '集资款无法退还',
  '土地流转费用未按时支付',
  '自来水水质浑浊',
  '恳请有关部门尽快调查',
  '此事已经反映过三次',
  '相关单位一直拖延',
  '我们生活非常困难',
  '请给予答复',
];
const NAME_CHARS = '宏达兴盛华安泰和顺祥瑞福康明光新阳金银鑫源丰东南西北春秋冬青山水林江河湖海星月云天龙凤';
const SUFFIXES = ['建筑公司', '有限公司', '工厂', '花园小区', '家园', '村', '小学', '中学', '超市'];
const DAY_MS = 86_400_000;

export interface LoadRow {
  id: string;
  title: string | null;
  text: string;
  receivedAt: string;
  /** What was planted: a repeat of, or a same-matter sibling of, another row. */
  plant: 'repeat' | 'matter' | 'text' | null;
}

const rng = mulberry32;

/**
 * `n` petitions over `days` days, in received order. About 8 % are repeats of an earlier letter (a few characters
 * changed, up to 89 days later), 6 % name the matter of a letter of the previous 7 days in other words, and 4 %
 * reword a letter of the previous 7 days (similar wording, below the repeat threshold).
 */
export function syntheticLoad(n: number, days: number, seed = 24): LoadRow[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const name = () =>
    Array.from({ length: 2 + Math.floor(r() * 3) }, () => pick([...NAME_CHARS])).join('') + pick(SUFFIXES);
  const noise = (k: number) =>
    Array.from({ length: k }, () => String.fromCharCode(0x4e00 + Math.floor(r() * 0x5000))).join('');
  const letter = (entity: string) => {
    const parts = Array.from({ length: 3 + Math.floor(r() * 4) }, () => pick(CLAUSES));
    parts.splice(Math.floor(r() * parts.length), 0, `${entity}${pick(['的问题', '欠我', '一事'])}`);
    return `${parts.join('，')}，${noise(6 + Math.floor(r() * 20))}，金额${Math.floor(r() * 90000)}元。`;
  };
  // Change a few characters: the usual Jaccard of the copy stays near or above the repeat threshold.
  const edit = (text: string, k: number) => {
    const cs = [...text];
    for (let i = 0; i < k; i++) cs[Math.floor(r() * cs.length)] = pick([...NAME_CHARS]);
    return cs.join('');
  };
  const start = Date.UTC(2026, 0, 1);
  const step = (days * DAY_MS) / n;
  const rows: LoadRow[] = [];
  for (let i = 0; i < n; i++) {
    const at = start + i * step + Math.floor(r() * step);
    const receivedAt = new Date(at).toISOString();
    const id = `SYN-${String(i).padStart(7, '0')}`;
    const u = r();
    const back = (windowDays: number) => {
      const lo = rows.findIndex((x) => Date.parse(x.receivedAt) >= at - windowDays * DAY_MS);
      return lo < 0 || lo >= rows.length ? undefined : rows[lo + Math.floor(r() * (rows.length - lo))];
    };
    let row: LoadRow | undefined;
    if (u < 0.08) {
      const of = back(89);
      if (of) row = { id, title: of.title, text: edit(of.text, Math.floor(r() * 3)), receivedAt, plant: 'repeat' };
    } else if (u < 0.14) {
      const of = back(CLUSTER_WINDOW_DAYS);
      const entity = of?.title;
      if (entity) row = { id, title: entity, text: letter(entity), receivedAt, plant: 'matter' };
    } else if (u < 0.18) {
      const of = back(CLUSTER_WINDOW_DAYS);
      if (of) row = { id, title: null, text: edit(of.text, 4 + Math.floor(r() * 8)), receivedAt, plant: 'text' };
    }
    if (!row) {
      const entity = name();
      row = { id, title: entity, text: letter(entity), receivedAt, plant: null };
    }
    rows.push(row);
  }
  return rows;
}

/** Recall of a candidate source against the exact comparison: found true pairs / all true pairs. */
export interface Recall {
  pairs: number;
  found: number;
  recall: number;
  /** Candidates returned per query, on average (the work left after the index). */
  meanCandidates: number;
}

const recall = (pairs: number, found: number, candidates: number, queries: number): Recall => ({
  pairs,
  found,
  recall: pairs ? found / pairs : 1,
  meanCandidates: queries ? candidates / queries : 0,
});

/**
 * Near-duplicate recall: `found(row)` is what the indexed finder returns for each row in received order
 * (it must index the row itself); the reference compares the row with every earlier row of `windowDays`.
 */
export function repeatRecall(
  rows: LoadRow[],
  windowDays: number,
  found: (row: LoadRow) => string[],
): Recall & { exactMs: number; indexMs: number } {
  const grams = rows.map((x) => bigrams(x.text));
  const times = rows.map((x) => Date.parse(x.receivedAt));
  let pairs = 0;
  let hit = 0;
  let returned = 0;
  let exactMs = 0;
  let indexMs = 0;
  let lo = 0;
  for (let i = 0; i < rows.length; i++) {
    let t0 = performance.now();
    const got = new Set(found(rows[i]));
    indexMs += performance.now() - t0;
    returned += got.size;
    t0 = performance.now();
    while (times[lo] < times[i] - windowDays * DAY_MS) lo++;
    for (let j = lo; j < i; j++) {
      if (jaccardAtLeast(grams[i], grams[j], NEAR_DUPLICATE) > 0) {
        pairs++;
        if (got.has(rows[j].id)) hit++;
      }
    }
    exactMs += performance.now() - t0;
  }
  return { ...recall(pairs, hit, returned, rows.length), exactMs, indexMs };
}

/**
 * Same-matter recall (clusters): for each row, every row within ±7 days that clusters.ts `match` accepts is a
 * true pair; `candidates(row, features)` is the index lookup, run after all rows are indexed.
 */
export function matterRecall(rows: LoadRow[], candidates: (row: LoadRow, f: Features) => string[]): Recall {
  const fs = rows.map((x) => featuresOf(x.title, x.text, false));
  const times = rows.map((x) => Date.parse(x.receivedAt));
  const w = CLUSTER_WINDOW_DAYS * DAY_MS;
  let pairs = 0;
  let hit = 0;
  let returned = 0;
  let lo = 0;
  for (let i = 0; i < rows.length; i++) {
    const got = new Set(candidates(rows[i], fs[i]));
    returned += got.size;
    while (times[lo] < times[i] - w) lo++;
    for (let j = lo; j < rows.length && times[j] <= times[i] + w; j++) {
      if (j !== i && match(fs[i], fs[j])) {
        pairs++;
        if (got.has(rows[j].id)) hit++;
      }
    }
  }
  return recall(pairs, hit, returned, rows.length);
}
