import type { Confusion } from './report-schema.ts';

/** Escapes text for XML/HTML (all chart and table text goes through here). */
export const esc = (s: unknown) =>
  String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const FONT = 'font-family="system-ui, Noto Sans CJK SC, sans-serif" font-size="11"';
const fmt = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(2));

/** Confusion matrix heat map: colour by the row's share (recall view), counts written in the cells. */
export function heatmapSvg(c: Confusion, title: string): string {
  const cell = 44;
  const left = 110;
  const top = 100;
  const w = Math.max(left + c.predicted.length * cell + 10, 350);
  const h = top + c.labels.length * cell + 30;
  // Square matrices colour the diagonal green and errors red; gold-vs-other-vocabulary matrices are one hue.
  const square = c.labels.some((l) => c.predicted.includes(l));
  const parts = [
    `<text x="4" y="14" font-weight="bold">${esc(title)}</text>`,
    `<text x="4" y="28" fill="#777">行：标准答案 · 列：预测 · 颜色：占该行的比例</text>`,
  ];
  c.predicted.forEach((p, j) => {
    const x = left + j * cell + cell / 2;
    parts.push(`<text transform="translate(${x},${top - 6}) rotate(-50)" ${FONT}>${esc(p)}</text>`);
  });
  c.labels.forEach((g, i) => {
    const rowSum = c.matrix[i].reduce((a, b) => a + b, 0) || 1;
    parts.push(`<text x="${left - 6}" y="${top + i * cell + cell / 2 + 4}" text-anchor="end" ${FONT}>${esc(g)}</text>`);
    c.matrix[i].forEach((v, j) => {
      const share = v / rowSum;
      const rgb = !square ? '72,120,168' : c.predicted[j] === g ? '34,139,34' : '200,60,40';
      const fill = `rgba(${rgb},${(0.08 + 0.9 * share).toFixed(3)})`;
      const x = left + j * cell;
      const y = top + i * cell;
      parts.push(
        `<rect x="${x}" y="${y}" width="${cell - 2}" height="${cell - 2}" fill="${v ? fill : '#f4f4f4'}"><title>${esc(g)} → ${esc(c.predicted[j])}: ${v}</title></rect>`,
      );
      parts.push(`<text x="${x + cell / 2 - 1}" y="${y + cell / 2 + 4}" text-anchor="middle" ${FONT}>${v}</text>`);
    });
  });
  return `<svg width="${w}" height="${h}" ${FONT}>${parts.join('')}</svg>`;
}

export interface Series {
  name: string;
  values: number[];
  color: string;
}

/** Vertical grouped bars on a 0..1 scale (per-class precision / recall / F1). */
export function groupedBarsSvg(categories: string[], series: Series[], title: string): string {
  const plotH = 160;
  const top = 44;
  const left = 36;
  const group = series.length * 14 + 16;
  const w = left + categories.length * group + 20;
  const h = top + plotH + 60;
  const parts = [`<text x="${left}" y="14" font-weight="bold">${esc(title)}</text>`];
  for (const t of [0, 0.5, 1]) {
    const y = top + plotH * (1 - t);
    parts.push(
      `<line x1="${left}" x2="${w - 10}" y1="${y}" y2="${y}" stroke="#ddd"/><text x="${left - 4}" y="${y + 4}" text-anchor="end">${t}</text>`,
    );
  }
  categories.forEach((cat, i) => {
    const gx = left + i * group + 8;
    series.forEach((s, k) => {
      const v = Math.max(0, Math.min(1, s.values[i] ?? 0));
      parts.push(
        `<rect x="${gx + k * 14}" y="${top + plotH * (1 - v)}" width="12" height="${plotH * v}" fill="${s.color}"><title>${esc(cat)} ${esc(s.name)} ${fmt(v)}</title></rect>`,
      );
    });
    parts.push(`<text transform="translate(${gx + 4},${top + plotH + 12}) rotate(35)">${esc(cat)}</text>`);
  });
  series.forEach((s, k) => {
    parts.push(
      `<rect x="${left + k * 74}" y="22" width="10" height="10" fill="${s.color}"/><text x="${left + 14 + k * 74}" y="31">${esc(s.name)}</text>`,
    );
  });
  return `<svg width="${Math.max(w, 260)}" height="${h}" ${FONT}>${parts.join('')}</svg>`;
}

/** Bins values into `bins` equal-width bins over [lo, hi]; the top edge belongs to the last bin. */
export function binCounts(values: number[], lo: number, hi: number, bins: number): number[] {
  const counts = new Array(bins).fill(0);
  const width = (hi - lo) / bins || 1;
  for (const v of values) counts[Math.min(bins - 1, Math.max(0, Math.floor((v - lo) / width)))]++;
  return counts;
}

/** One or more histograms over the same bins, drawn side by side per bin (latency; risk score by label). */
export function histogramSvg(
  series: Series[],
  lo: number,
  hi: number,
  bins: number,
  title: string,
  xLabel: string,
): string {
  const plotW = 520;
  const plotH = 150;
  const left = 40;
  const top = 30;
  const counts = series.map((s) => binCounts(s.values, lo, hi, bins));
  const max = Math.max(1, ...counts.flat());
  const bw = plotW / bins;
  const parts = [`<text x="${left}" y="14" font-weight="bold">${esc(title)}</text>`];
  parts.push(`<line x1="${left}" x2="${left + plotW}" y1="${top + plotH}" y2="${top + plotH}" stroke="#888"/>`);
  parts.push(
    `<text x="${left - 4}" y="${top + 8}" text-anchor="end">${max}</text><text x="${left - 4}" y="${top + plotH}" text-anchor="end">0</text>`,
  );
  counts.forEach((cs, k) => {
    cs.forEach((n, b) => {
      const hgt = (n / max) * plotH;
      const x = left + b * bw + (k * bw) / series.length;
      const range = `${fmt(lo + b * ((hi - lo) / bins))}–${fmt(lo + (b + 1) * ((hi - lo) / bins))}`;
      parts.push(
        `<rect x="${x}" y="${top + plotH - hgt}" width="${bw / series.length - 1}" height="${hgt}" fill="${series[k].color}"><title>${esc(series[k].name)} ${range}: ${n}</title></rect>`,
      );
    });
  });
  for (const t of [0, 0.25, 0.5, 0.75, 1]) {
    parts.push(
      `<text x="${left + plotW * t}" y="${top + plotH + 14}" text-anchor="middle">${fmt(lo + (hi - lo) * t)}</text>`,
    );
  }
  parts.push(`<text x="${left + plotW / 2}" y="${top + plotH + 30}" text-anchor="middle">${esc(xLabel)}</text>`);
  series.forEach((s, k) => {
    parts.push(
      `<rect x="${left + plotW - 160}" y="${top + k * 14}" width="10" height="10" fill="${s.color}"/><text x="${left + plotW - 146}" y="${top + 9 + k * 14}">${esc(s.name)}（${s.values.length} 例）</text>`,
    );
  });
  return `<svg width="${left + plotW + 20}" height="${top + plotH + 40}" ${FONT}>${parts.join('')}</svg>`;
}

/** Horizontal bars for 0..1 metrics (hit@k, structure elements). */
export function metricBarsSvg(entries: [string, number][], title: string): string {
  const rowH = 20;
  const left = 150;
  const plotW = 300;
  const parts = [`<text x="4" y="14" font-weight="bold">${esc(title)}</text>`];
  entries.forEach(([name, v], i) => {
    const y = 24 + i * rowH;
    const x = Math.max(0, Math.min(1, v));
    parts.push(`<text x="${left - 6}" y="${y + 13}" text-anchor="end">${esc(name)}</text>`);
    parts.push(
      `<rect x="${left}" y="${y + 2}" width="${plotW}" height="${rowH - 6}" fill="#eee"/><rect x="${left}" y="${y + 2}" width="${plotW * x}" height="${rowH - 6}" fill="#4878a8"/>`,
    );
    parts.push(`<text x="${left + plotW + 6}" y="${y + 13}">${fmt(v)}</text>`);
  });
  return `<svg width="${left + plotW + 60}" height="${30 + entries.length * rowH}" ${FONT}>${parts.join('')}</svg>`;
}
