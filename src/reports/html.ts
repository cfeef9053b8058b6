import type { CaseResult, Check, Report } from './report-schema.ts';
import { TARGET_ZH, TASK_ZH, beijingTime, codeHtml, metricLabelHtml } from './labels-zh.ts';
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

/** The system under test as HTML: its label, and its name / version / model as identifiers. */
function entryHtml(m: Report['meta']): string {
  const info = m.entry?.info;
  const who = info
    ? [info.name, info.version && `v${info.version}`, info.model]
        .filter((x): x is string => Boolean(x))
        .map(codeHtml)
        .join(' · ')
    : `未提供身份（${esc(m.entry?.info_error ?? '旧报告')}）`;
  return `${m.entry?.label ? codeHtml(m.entry.label) : '—'}：${who}`;
}

/** The run's facts; every value is HTML, identifiers (files, commits, URLs, versions) set as code. */
function metaTable(r: Report): string {
  const m = r.meta;
  const rows: [string, string][] = [
    ['任务', `${esc(TASK_ZH[m.task] ?? m.task)}（${codeHtml(m.task)}）`],
    ['套件', m.suite ? codeHtml(m.suite) : '—'],
    ['参赛系统', entryHtml(m)],
    [
      '访问方式',
      m.target.kind === 'in-process'
        ? `进程内（${codeHtml('createApp(createDeps(testConfig()))')}）`
        : `${esc(TARGET_ZH[m.target.kind] ?? m.target.kind)} ${codeHtml(m.target.url ?? '')}`,
    ],
    ['数据', m.data.map((d) => `${codeHtml(d.path)}（${d.rows} 行，${codeHtml(`sha256 ${d.sha256}`)}）`).join('<br>')],
    ['行数上限', m.limit === null ? '无' : String(m.limit)],
    [
      '评测程序',
      `${m.harness ? `${codeHtml(`${m.harness.name} ${m.harness.version}`)}，` : ''}提交 ${m.git.commit ? codeHtml(m.git.commit) : '未知'}${m.git.dirty ? '（工作区有未提交的改动）' : ''}`,
    ],
    [
      '时间',
      `${esc(beijingTime(m.started_at))} → ${esc(beijingTime(m.finished_at))}（北京时间，${(m.wall_ms / 1000).toFixed(1)} 秒）`,
    ],
    ['运行', `并发 ${m.concurrency}，超时 ${m.timeout_ms} 毫秒，运行环境 ${codeHtml(`node ${m.node}`)}`],
  ];
  if (m.cache)
    rows.push([
      '缓存与续跑',
      `缓存命中 ${m.cache.hits}，实际请求 ${m.cache.misses}，沿用上次已完成的用例 ${m.cache.resumed}`,
    ]);
  if (m.judge) {
    const j = m.judge;
    rows.push([
      '模型评分',
      `${codeHtml(j.model)}（${codeHtml(j.base_url)}）：调用 ${j.calls} 次，失败 ${j.failures} 次，输入 ${j.prompt_tokens} / 输出 ${j.completion_tokens} 个词元，费用 ${esc(String(j.cost ?? '未给单价'))}`,
    ]);
  }
  if (m.note) rows.push(['说明', esc(m.note)]);
  return `<table>${rows.map(([k, v]) => `<tr><th>${k}</th><td>${v}</td></tr>`).join('')}</table>`;
}

/** The in-sample warning: the shipped model was fitted on this data, so the figures are not its real level. */
function inSampleBanner(r: Report): string {
  if (!r.meta.in_sample) return '';
  return `<p style="background:#fff3cd;border:1px solid #e0c36a;padding:6px 10px"><b>样本内</b>：${esc(r.meta.in_sample)}。这些数字不代表真实水平，排行榜默认不计入。</p>`;
}

function metricsTable(r: Report): string {
  const entries = Object.entries(r.summary.metrics);
  const main = entries.filter(([k]) => !k.includes('.') || k.startsWith('judge.'));
  const perClass = entries.filter(([k]) => k.includes('.') && !k.startsWith('judge.'));
  const row = ([k, v]: [string, number | null]) =>
    `<tr><td>${metricLabelHtml(k)}</td><td class="num">${fmtMetric(v)}</td></tr>`;
  const gates = r.summary.gates.length
    ? `<h2>门槛：${r.summary.passed ? '<span class="pass">通过</span>' : '<span class="fail">未通过</span>'}</h2><table><tr><th>指标</th><th>值</th><th>下限</th><th>上限</th><th></th></tr>${r.summary.gates
        .map(
          (g) =>
            `<tr><td>${metricLabelHtml(g.metric)}</td><td class="num">${fmtMetric(g.value)}</td><td class="num">${fmtMetric(g.min)}</td><td class="num">${fmtMetric(g.max)}</td><td class="${g.pass ? 'pass' : 'fail'}">${g.pass ? '通过' : '未通过'}</td></tr>`,
        )
        .join('')}</table>`
    : '';
  const pc = perClass.length
    ? `<details><summary>各类别与各要素的数字</summary><table>${perClass.map(row).join('')}</table></details>`
    : '';
  return `${gates}<h2>指标${r.meta.in_sample ? '（样本内）' : ''}</h2><table><tr><th>指标</th><th>值</th></tr>${main.map(row).join('')}</table>${pc}`;
}

/** Risk scores grouped by gold label, from the saved risk checks (self-harm: 0/1; cases: expected level). */
function riskSeries(cases: CaseResult[]): Series[] {
  const by = new Map<string, number[]>();
  for (const c of cases) {
    for (const k of c.checks) {
      const score = (k.actual as { score?: number } | null)?.score;
      if ((k.name === 'risk_high' || k.name === 'risk') && typeof score === 'number') {
        const label = k.name === 'risk_high' ? `标签 ${k.expected}` : `期望 ${k.expected}`;
        by.set(label, [...(by.get(label) ?? []), score]);
      }
    }
  }
  return [...by.entries()].sort().map(([name, values], i) => ({ name, values, color: COLORS[i % COLORS.length] }));
}

function charts(r: Report): string {
  const out: string[] = [];
  for (const [name, c] of Object.entries(r.summary.confusions)) out.push(heatmapSvg(c, `混淆矩阵：${name}`));
  const m = r.summary.metrics;
  const classes = [
    ...new Set(
      Object.keys(m)
        .filter((k) => /^(precision|recall|f1)\./.test(k))
        .map((k) => k.split('.').slice(1).join('.')),
    ),
  ];
  if (classes.length) {
    const series = ['precision', 'recall', 'f1'].map((s, i) => ({
      name: s,
      values: classes.map((c) => m[`${s}.${c}`] ?? 0),
      color: COLORS[i],
    }));
    out.push(groupedBarsSvg(classes, series, '各类别精确率 / 召回率 / F1'));
  }
  const unit = Object.entries(m).filter(
    ([k, v]) =>
      v !== null && /^(hit@|mrr@|coverage|structure|recall_high|precision_high|red_recall|auroc|clauses_)/.test(k),
  );
  if (unit.length) out.push(metricBarsSvg(unit as [string, number][], '得分（0–1）'));
  const risk = riskSeries(r.cases);
  if (risk.length) out.push(histogramSvg(risk, 0, 1, 20, '按标签的风险分数分布', '风险分数'));
  const lat = r.cases.filter((c) => c.error === null).map((c) => c.latency_ms);
  if (lat.length) {
    const hi = Math.max(...lat) || 1;
    out.push(histogramSvg([{ name: '已作答用例', values: lat, color: COLORS[0] }], 0, hi, 30, '时延分布', '每例毫秒'));
  }
  return `<div class="charts">${out.join('')}</div>`;
}

const checkCell = (k: Check) =>
  `<span class="${k.pass === null ? 'muted' : k.pass ? 'pass' : 'fail'}">${codeHtml(k.name)}</span>${k.expected !== undefined ? ` <code>${esc(short(k.expected))}</code> → ` : ' '}<code>${esc(short(k.actual ?? k.score ?? ''))}</code>${k.reason ? ` <span class="muted">${esc(k.reason)}</span>` : ''}`;

function caseRows(r: Report): string {
  // Self-harm text never appears in a report: cases show ids, labels and scores only, and no output body.
  const showReply = r.meta.task !== 'selfharm';
  const rows = r.cases.map((c) => {
    const reply = showReply ? (c.output?.draft as { reply?: string } | undefined)?.reply : undefined;
    // Passed checks with nothing to show fold into one line; the rest show expected → actual.
    const plain = c.checks.filter((k) => k.pass === true && k.expected === undefined && !k.reason);
    const shown = c.checks.filter((k) => !plain.includes(k)).map(checkCell);
    if (plain.length) shown.unshift(`<span class="pass">${plain.map((k) => codeHtml(k.name)).join('、')}</span>`);
    return `<tr><td>${codeHtml(c.id)}</td><td class="${c.pass === null ? 'muted' : c.pass ? 'pass' : 'fail'}">${c.pass === null ? '—' : c.pass ? '通过' : '未通过'}</td><td>${shown.join('<br>')}${reply ? `<details><summary>答复</summary>${esc(reply)}</details>` : ''}</td><td class="num">${c.latency_ms.toFixed(1)}</td><td class="fail">${esc(c.error ?? '')}</td></tr>`;
  });
  return `<h2>用例（${r.cases.length}）</h2><table><tr><th>编号</th><th>结果</th><th>检查：期望 → 实际</th><th>毫秒</th><th>错误</th></tr>${rows.join('')}</table>`;
}

/** A self-contained page (inline CSS and SVG, no scripts, no external assets) from a saved report only. */
export function renderReportHtml(r: Report): string {
  // The suite and entry names are identifiers from the run; the title says the task in Chinese.
  const task = TASK_ZH[r.meta.task] ?? r.meta.task;
  const title = `${task} · ${r.meta.entry?.label ?? TARGET_ZH[r.meta.target.kind]}`;
  const suite = r.meta.suite ? `（${codeHtml(r.meta.suite)}）` : '';
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>评测报告：${esc(title)}</title><style>${STYLE}</style></head><body>
<h1>评测报告：${esc(title)}${suite}${r.meta.in_sample ? '（样本内）' : ''}</h1>${inSampleBanner(r)}${metaTable(r)}${metricsTable(r)}<h2>图表</h2>${charts(r)}${caseRows(r)}
<p class="muted">由信访智能助手评测程序根据 ${codeHtml('report.json')} 生成；开放数据集上的数字是开发阶段的数字。</p></body></html>`;
}
