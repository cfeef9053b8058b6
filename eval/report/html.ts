import type { CaseResult, Check, Report } from '../types.ts';
import { esc, groupedBarsSvg, heatmapSvg, histogramSvg, metricBarsSvg, type Series } from './svg.ts';

export const STYLE = `body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;margin:24px;color:#222;max-width:1200px}
table{border-collapse:collapse;margin:8px 0 16px}td,th{border:1px solid #ddd;padding:3px 8px;font-size:13px;text-align:left;vertical-align:top}
th{background:#f3f3f3}.pass{color:#1a7f37}.fail{color:#c62828}.num{text-align:right;font-variant-numeric:tabular-nums}
.charts{display:flex;flex-wrap:wrap;gap:24px;align-items:flex-start}svg text{fill:#222}details{margin:4px 0}
code{font-size:12px}.muted{color:#777}`;

const COLORS = ['#4878a8', '#e39c37', '#5aa55a', '#c44e52', '#8172b2'];

export const fmtMetric = (v: number | null | undefined) =>
  v === null || v === undefined ? '—' : Number.isInteger(v) ? String(v) : v.toFixed(4);

const short = (v: unknown) => {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s === undefined ? '' : s.length > 90 ? `${s.slice(0, 90)}…` : s;
};

function metaTable(r: Report): string {
  const m = r.meta;
  const rows: [string, string][] = [
    ['task', m.task],
    ['suite', m.suite ?? '—'],
    ['target', m.target.kind === 'http' ? `HTTP ${m.target.url}` : 'in-process (createApp(createDeps(testConfig())))'],
    ['data', m.data.map((d) => `${d.path} (${d.rows} rows, sha256 ${d.sha256})`).join('<br>')],
    ['limit', m.limit === null ? 'none' : String(m.limit)],
    ['git', `${m.git.commit ?? 'unknown'}${m.git.dirty ? ' (working tree had uncommitted changes)' : ''}`],
    ['time', `${m.started_at} → ${m.finished_at} (${(m.wall_ms / 1000).toFixed(1)} s)`],
    ['run', `concurrency ${m.concurrency}, timeout ${m.timeout_ms} ms, node ${m.node}`],
  ];
  if (m.note) rows.push(['note', m.note]);
  return `<table>${rows.map(([k, v]) => `<tr><th>${k}</th><td>${k === 'data' ? v.split('<br>').map(esc).join('<br>') : esc(v)}</td></tr>`).join('')}</table>`;
}

function metricsTable(r: Report): string {
  const entries = Object.entries(r.summary.metrics);
  const main = entries.filter(([k]) => !k.includes('.'));
  const perClass = entries.filter(([k]) => k.includes('.'));
  const row = ([k, v]: [string, number | null]) => `<tr><td>${esc(k)}</td><td class="num">${fmtMetric(v)}</td></tr>`;
  const gates = r.summary.gates.length
    ? `<h2>Gates: ${r.summary.passed ? '<span class="pass">passed</span>' : '<span class="fail">failed</span>'}</h2><table><tr><th>metric</th><th>value</th><th>min</th><th>max</th><th></th></tr>${r.summary.gates
        .map((g) => `<tr><td>${esc(g.metric)}</td><td class="num">${fmtMetric(g.value)}</td><td class="num">${fmtMetric(g.min)}</td><td class="num">${fmtMetric(g.max)}</td><td class="${g.pass ? 'pass' : 'fail'}">${g.pass ? 'pass' : 'FAIL'}</td></tr>`)
        .join('')}</table>`
    : '';
  const pc = perClass.length ? `<details><summary>per-class and per-element figures</summary><table>${perClass.map(row).join('')}</table></details>` : '';
  return `${gates}<h2>Metrics</h2><table><tr><th>metric</th><th>value</th></tr>${main.map(row).join('')}</table>${pc}`;
}

/** Risk scores grouped by gold label, from the saved risk checks (self-harm: 0/1; cases: expected level). */
function riskSeries(cases: CaseResult[]): Series[] {
  const by = new Map<string, number[]>();
  for (const c of cases) {
    for (const k of c.checks) {
      const score = (k.actual as { score?: number } | null)?.score;
      if ((k.name === 'risk_high' || k.name === 'risk') && typeof score === 'number') {
        const label = k.name === 'risk_high' ? `label ${k.expected}` : `expected ${k.expected}`;
        by.set(label, [...(by.get(label) ?? []), score]);
      }
    }
  }
  return [...by.entries()].sort().map(([name, values], i) => ({ name, values, color: COLORS[i % COLORS.length] }));
}

function charts(r: Report): string {
  const out: string[] = [];
  for (const [name, c] of Object.entries(r.summary.confusions)) out.push(heatmapSvg(c, `Confusion matrix: ${name}`));
  const m = r.summary.metrics;
  const classes = [...new Set(Object.keys(m).filter((k) => /^(precision|recall|f1)\./.test(k)).map((k) => k.split('.').slice(1).join('.')))];
  if (classes.length) {
    const series = ['precision', 'recall', 'f1'].map((s, i) => ({ name: s, values: classes.map((c) => m[`${s}.${c}`] ?? 0), color: COLORS[i] }));
    out.push(groupedBarsSvg(classes, series, 'Per-class precision / recall / F1'));
  }
  const unit = Object.entries(m).filter(([k, v]) => v !== null && /^(hit@|mrr@|coverage|structure|recall_high|precision_high|red_recall|auroc|clauses_)/.test(k));
  if (unit.length) out.push(metricBarsSvg(unit as [string, number][], 'Scores (0–1)'));
  const risk = riskSeries(r.cases);
  if (risk.length) out.push(histogramSvg(risk, 0, 1, 20, 'Risk score distribution by label', 'risk score'));
  const lat = r.cases.filter((c) => c.error === null).map((c) => c.latency_ms);
  if (lat.length) {
    const hi = Math.max(...lat) || 1;
    out.push(histogramSvg([{ name: 'answered cases', values: lat, color: COLORS[0] }], 0, hi, 30, 'Latency histogram', 'ms per case'));
  }
  return `<div class="charts">${out.join('')}</div>`;
}

const checkCell = (k: Check) =>
  `<span class="${k.pass === null ? 'muted' : k.pass ? 'pass' : 'fail'}">${esc(k.name)}</span>${k.expected !== undefined ? ` <code>${esc(short(k.expected))}</code> → ` : ' '}<code>${esc(short(k.actual ?? k.score ?? ''))}</code>${k.reason ? ` <span class="muted">${esc(k.reason)}</span>` : ''}`;

function caseRows(r: Report): string {
  // Self-harm text never appears in a report: cases show ids, labels and scores only, and no output body.
  const showReply = r.meta.task !== 'selfharm';
  const rows = r.cases.map((c) => {
    const reply = showReply ? (c.output?.draft as { reply?: string } | undefined)?.reply : undefined;
    // Passed checks with nothing to show fold into one line; the rest show expected → actual.
    const plain = c.checks.filter((k) => k.pass === true && k.expected === undefined && !k.reason);
    const shown = c.checks.filter((k) => !plain.includes(k)).map(checkCell);
    if (plain.length) shown.unshift(`<span class="pass">${plain.map((k) => esc(k.name)).join(', ')}</span>`);
    return `<tr><td>${esc(c.id)}</td><td class="${c.pass === null ? 'muted' : c.pass ? 'pass' : 'fail'}">${c.pass === null ? '—' : c.pass ? 'pass' : 'fail'}</td><td>${shown.join('<br>')}${reply ? `<details><summary>reply</summary>${esc(reply)}</details>` : ''}</td><td class="num">${c.latency_ms.toFixed(1)}</td><td class="fail">${esc(c.error ?? '')}</td></tr>`;
  });
  return `<h2>Cases (${r.cases.length})</h2><table><tr><th>id</th><th>pass</th><th>checks: expected → actual</th><th>ms</th><th>error</th></tr>${rows.join('')}</table>`;
}

/** A self-contained page (inline CSS and SVG, no scripts, no external assets) from a saved report only. */
export function renderReportHtml(r: Report): string {
  const title = `${r.meta.suite ?? r.meta.task} · ${r.meta.target.kind}`;
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(title)}</title><style>${STYLE}</style></head><body>
<h1>Evaluation: ${esc(title)}</h1>${metaTable(r)}${metricsTable(r)}<h2>Charts</h2>${charts(r)}${caseRows(r)}
<p class="muted">Generated by xinfang-assist eval from report.json; figures on open splits are development figures.</p></body></html>`;
}
