import type { Report } from './report-schema.ts';
import { STYLE, fmtMetric } from './html.ts';
import { TARGET_ZH, beijingTime, codeHtml, metricLabelHtml } from './labels-zh.ts';
import { esc } from './svg.ts';

/** Metrics where smaller is better; their deltas are coloured the other way round. */
const LOWER_IS_BETTER = /^(p\d+_ms|errors|false_red|false_red_rate|invalid_citations|pii_leaks|injection_followed)$/;

export interface Column {
  label: string;
  report: Report;
}

export interface CompareGroup {
  /** Reports are only compared on the same task and the same data (by SHA-256). */
  key: string;
  columns: Column[];
  metrics: string[];
}

export const dataKey = (r: Report) =>
  `${r.meta.task} · ${r.meta.data.map((d) => `${d.path}@${d.sha256.slice(0, 12)}`).join('+')}${r.meta.limit ? ` · limit ${r.meta.limit}` : ''}`;

/** Groups reports by task and data so a leaderboard never puts unlike figures side by side. */
export function groupReports(columns: Column[]): CompareGroup[] {
  const groups = new Map<string, Column[]>();
  for (const c of columns) groups.set(dataKey(c.report), [...(groups.get(dataKey(c.report)) ?? []), c]);
  return [...groups.entries()].map(([key, cols]) => {
    const metrics = [...new Set(cols.flatMap((c) => Object.keys(c.report.summary.metrics)))];
    return { key, columns: cols, metrics };
  });
}

export const delta = (v: number | null | undefined, base: number | null | undefined) =>
  v === null || v === undefined || base === null || base === undefined ? null : v - base;

const signed = (d: number | null) =>
  d === null ? '' : d === 0 ? '±0' : `${d > 0 ? '+' : ''}${Number.isInteger(d) ? d : d.toFixed(4)}`;

/** A plain-text table per group: one column per report, deltas against the first. Per-class figures are left to the HTML. */
export function compareText(groups: CompareGroup[]): string {
  const out: string[] = [];
  for (const g of groups) {
    const header = ['指标', ...g.columns.map((c, i) => (i === 0 ? c.label : `${c.label} (Δ)`))];
    const rows = g.metrics
      .filter((m) => !m.includes('.'))
      .map((m) => {
        const base = g.columns[0].report.summary.metrics[m];
        return [
          m,
          ...g.columns.map((c, i) => {
            const v = c.report.summary.metrics[m];
            return i === 0 ? fmtMetric(v) : `${fmtMetric(v)} (${signed(delta(v, base)) || '—'})`;
          }),
        ];
      });
    const widths = header.map((_, j) => Math.max(...[header, ...rows].map((r) => [...r[j]].length)));
    const line = (r: string[]) => r.map((cell, j) => cell.padEnd(widths[j])).join('  ');
    out.push(`== ${g.key}`, line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line), '');
  }
  return out.join('\n');
}

function deltaCell(metric: string, d: number | null) {
  if (d === null || d === 0) return '';
  const better = LOWER_IS_BETTER.test(metric) ? d < 0 : d > 0;
  return ` <span class="${better ? 'pass' : 'fail'}">${esc(signed(d))}</span>`;
}

/** compare.html: the leaderboard, one table per task and data set, with deltas against the first report. */
export function renderCompareHtml(groups: CompareGroup[]): string {
  const tables = groups.map((g) => {
    // The entry (its /v1/info label and how it was reached) apart from the harness commit that measured it.
    // Report ids, entry labels and commits are identifiers, set as code; the time is Beijing time.
    const who = (r: Report) =>
      `${r.meta.entry?.label ? codeHtml(r.meta.entry.label) : '未提供身份'} · ${esc(TARGET_ZH[r.meta.target.kind] ?? r.meta.target.kind)}<br>评测程序 ${codeHtml(r.meta.git.commit?.slice(0, 8) ?? '?')} · ${esc(beijingTime(r.meta.started_at))}${r.meta.in_sample ? ' · 样本内' : ''}`;
    const head = `<tr><th>指标</th>${g.columns.map((c) => `<th>${codeHtml(c.label)}<br><span class="muted">${who(c.report)}</span></th>`).join('')}</tr>`;
    const rows = g.metrics.map((m) => {
      const base = g.columns[0].report.summary.metrics[m];
      return `<tr><td>${metricLabelHtml(m)}</td>${g.columns
        .map((c, i) => {
          const v = c.report.summary.metrics[m];
          return `<td class="num">${fmtMetric(v)}${i > 0 ? deltaCell(m, delta(v, base)) : ''}</td>`;
        })
        .join('')}</tr>`;
    });
    return `<h2>数据组 ${codeHtml(g.key)}</h2><table>${head}${rows.join('')}</table>`;
  });
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>评测对比</title><style>${STYLE}</style></head><body>
<h1>评测对比</h1><p class="muted">每组与第一份报告相比的差值，绿色为更好。只根据已保存的报告生成；带置信区间的排名见 ${codeHtml('npm run eval -- leaderboard')}。</p>${tables.join('')}</body></html>`;
}
