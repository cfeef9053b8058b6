import type { PairedTest } from '../metrics/bootstrap.ts';
import type { Report } from '../types.ts';
import type { Disagreements } from './disagreements.ts';
import { STYLE } from '../../src/reports/html.ts';
import { TARGET_ZH, TASK_ZH, metricLabel } from '../../src/reports/labels-zh.ts';
import type { Cell, Leaderboard, TaskBoard } from './leaderboard.ts';
import { esc } from '../../src/reports/svg.ts';

/** Cases listed per gold label on the page; leaderboard.json keeps them all. */
const SHOWN_CASES = 20;
const TEXT_CHARS = 120;

const f3 = (v: number | null | undefined) =>
  v === null || v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(3);
export const fmtCell = (c: Cell | undefined) =>
  !c || c.value === null ? '—' : `${f3(c.value)} [${f3(c.interval?.[0])}, ${f3(c.interval?.[1])}]`;
const signed = (v: number) => `${v >= 0 ? '+' : ''}${v.toFixed(3)}`;
const pText = (p: number | null) => (p === null ? 'p 无法计算' : p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`);

/** "显著 +0.034 [0.010, 0.058], p = 0.004" or "≈ 差异不显著 …": the verdict between two neighbours. */
export function verdict(t: PairedTest | null): { mark: string; text: string } {
  if (!t) return { mark: '', text: '' };
  const ci = t.interval ? ` [${f3(t.interval[0])}, ${f3(t.interval[1])}]` : '';
  const detail = `${signed(t.diff)}${ci}，${pText(t.p)}`;
  return t.significant ? { mark: '>', text: `显著领先 ${detail}` } : { mark: '≈', text: `差异不显著 ${detail}` };
}

/** Who the entry is: its /v1/info, how it was reached, and the harness commit kept apart from it. */
export function entryIdentity(r: Report): string {
  const info = r.meta.entry?.info;
  const who = info
    ? [info.name, info.version && `v${info.version}`, info.model].filter(Boolean).join(' · ')
    : '未提供 /v1/info';
  const via =
    r.meta.target.kind === 'in-process' ? '进程内' : `${TARGET_ZH[r.meta.target.kind]} ${r.meta.target.url ?? ''}`;
  return `${who}；${via}；评测程序 ${r.meta.harness?.version ?? ''} @ ${r.meta.git.commit?.slice(0, 8) ?? '未知'}`;
}

const title = (b: TaskBoard) => `${b.name}（${TASK_ZH[b.task] ?? b.task}）`;

function boardMarkdown(b: TaskBoard): string[] {
  const head = ['名次', '参赛系统', ...b.headline.map(metricLabel), '与下一名'];
  const lines = [`### ${title(b)}${b.inSample ? ' · 样本内' : ''}`, ''];
  if (b.inSample) lines.push(`> 样本内：${b.inSample}。不计入总榜。`, '');
  lines.push(
    `共同用例 ${b.n} 个${b.unmatched ? `（另有 ${b.unmatched} 个用例并非每个系统都有，未比较）` : ''}；按 ${metricLabel(b.headline[0])} 排名。`,
    '',
  );
  lines.push(`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`);
  for (const s of b.standings) {
    const v = verdict(s.vsNext);
    lines.push(
      `| ${s.rank} | ${s.entry} | ${b.headline.map((m) => fmtCell(s.metrics[m])).join(' | ')} | ${v.mark} ${v.text} |`,
    );
  }
  return [...lines, ''];
}

function disagreementMarkdown(d: Disagreements): string[] {
  if (d.total === 0) return [];
  const lines = [`#### ${d.suite}：意见不一致的用例 ${d.total} 个`, ''];
  if (d.textNote) lines.push(`> ${d.textNote}`, '');
  for (const g of d.groups) {
    const types = Object.entries(g.errorTypes)
      .map(
        ([e, t]) =>
          `${e}：${
            Object.entries(t)
              .map(([k, n]) => `${k} ×${n}`)
              .join('，') || '无错误'
          }`,
      )
      .join('；');
    lines.push(`- 标准答案 **${g.gold}**（${g.cases.length} 例）。错误类型：${types}`);
    for (const c of g.cases.slice(0, SHOWN_CASES)) {
      const answers = Object.entries(c.outcomes)
        .map(([e, o]) => `${e} ${o.correct ? '✓' : '✗'} ${o.answer}`)
        .join('；');
      lines.push(`  - \`${c.id}\` ${answers}${c.text ? ` — ${[...c.text].slice(0, TEXT_CHARS).join('')}` : ''}`);
    }
  }
  return [...lines, ''];
}

/** leaderboard.md: the same tables as the page, in Chinese. */
export function renderLeaderboardMarkdown(lb: Leaderboard, dis: Disagreements[]): string {
  const out = [
    '# 评测排行榜',
    '',
    `方法：${lb.method.resamples} 次自助重采样的 95 % 区间（种子 ${lb.method.seed}）；相邻名次之间的检验：${lb.method.test}。“≈” 表示与下一名差异不显著，“>” 表示显著领先。`,
    '',
    `总榜：${lb.method.weighting}。`,
    '',
  ];
  out.push(
    '## 总榜',
    '',
    '| 名次 | 参赛系统 | 加权得分 [95 % 区间] | 与下一名 | 缺少的套件 |',
    '|---|---|---|---|---|',
  );
  for (const s of lb.overall.standings) {
    const v = verdict(s.vsNext);
    out.push(
      `| ${s.rank} | ${s.entry} | ${fmtCell({ value: s.value, interval: s.interval })} | ${v.mark} ${v.text} | ${s.missing.join('、') || '—'} |`,
    );
  }
  out.push(
    '',
    `计入总榜：${lb.overall.suites.map((s) => `${s.name} ×${s.weight}`).join('，') || '无'}`,
    '',
    '## 各套件',
    '',
  );
  for (const b of lb.tasks) out.push(...boardMarkdown(b));
  out.push('## 参赛系统', '');
  const seen = new Set<string>();
  for (const b of lb.tasks)
    for (const s of b.standings)
      if (!seen.has(s.entry)) seen.add(s.entry) && out.push(`- **${s.entry}**：${entryIdentity(s.report)}`);
  out.push('', '## 意见不一致的用例', '');
  for (const d of dis) out.push(...disagreementMarkdown(d));
  return out.join('\n');
}

/** A forest plot: one interval per entry on a shared 0..1 axis, the point as a dot. */
export function intervalsSvg(rows: { label: string; cell: Cell }[]): string {
  const left = 180;
  const plotW = 360;
  const rowH = 22;
  const x = (v: number) => left + plotW * Math.max(0, Math.min(1, v));
  const parts = [0, 0.25, 0.5, 0.75, 1].map(
    (t) =>
      `<line x1="${x(t)}" x2="${x(t)}" y1="4" y2="${rows.length * rowH + 6}" stroke="#e3e3e3"/><text x="${x(t)}" y="${rows.length * rowH + 18}" text-anchor="middle">${t}</text>`,
  );
  rows.forEach((r, i) => {
    const y = 14 + i * rowH;
    parts.push(`<text x="${left - 8}" y="${y + 4}" text-anchor="end">${esc(r.label)}</text>`);
    if (r.cell.interval)
      parts.push(
        `<line x1="${x(r.cell.interval[0])}" x2="${x(r.cell.interval[1])}" y1="${y}" y2="${y}" stroke="#4878a8" stroke-width="4"/>`,
      );
    if (r.cell.value !== null)
      parts.push(
        `<circle cx="${x(r.cell.value)}" cy="${y}" r="5" fill="#c44e52"><title>${esc(r.label)} ${fmtCell(r.cell)}</title></circle>`,
      );
  });
  return `<svg width="${left + plotW + 30}" height="${rows.length * rowH + 24}" font-family="system-ui, 'Noto Sans CJK SC', sans-serif" font-size="12">${parts.join('')}</svg>`;
}

export { SHOWN_CASES, STYLE, TEXT_CHARS, title as boardTitle };
