import type { Disagreements } from './disagreements.ts';
import { metricLabel } from '../../src/reports/labels-zh.ts';
import type { Leaderboard, TaskBoard } from './leaderboard.ts';
import {
  SHOWN_CASES,
  STYLE,
  TEXT_CHARS,
  boardTitle,
  entryIdentity,
  fmtCell,
  intervalsSvg,
  verdict,
} from './leaderboard-render.ts';
import { esc } from '../../src/reports/svg.ts';

const EXTRA_STYLE = `.ns{color:#8a6d00;font-weight:bold}.sig{color:#1a7f37;font-weight:bold}.tag{display:inline-block;padding:0 6px;border-radius:3px;font-size:12px;margin-left:6px}
.insample{background:#fff3cd;color:#7a5a00;border:1px solid #e0c36a}.note{background:#f6f8fa;border-left:4px solid #4878a8;padding:6px 10px;margin:8px 0}
.text{color:#444;font-size:12px;max-width:520px}`;

function verdictCell(t: Parameters<typeof verdict>[0]): string {
  const v = verdict(t);
  if (!v.mark) return '<td></td>';
  return `<td class="${v.mark === '≈' ? 'ns' : 'sig'}">${esc(v.mark)} ${esc(v.text)}</td>`;
}

function overallHtml(lb: Leaderboard): string {
  const rows = lb.overall.standings.map(
    (s) =>
      `<tr><td class="num">${s.rank}</td><td>${esc(s.entry)}</td><td class="num">${esc(fmtCell({ value: s.value, interval: s.interval }))}</td>${verdictCell(s.vsNext)}<td>${esc(s.missing.join('、') || '—')}</td></tr>`,
  );
  const suites = lb.overall.suites.map((s) => `${esc(s.name)} ×${s.weight}`).join('，') || '无';
  const plot = intervalsSvg(
    lb.overall.standings.map((s) => ({ label: s.entry, cell: { value: s.value, interval: s.interval } })),
  );
  return `<h2>总榜</h2><p>计入总榜的套件与权重：${suites}。加权得分为各套件排名指标的加权平均；某系统未参评的套件按 0 计。</p>
<table><tr><th>名次</th><th>参赛系统</th><th>加权得分 [95 % 区间]</th><th>与下一名（配对自助检验）</th><th>缺少的套件</th></tr>${rows.join('')}</table>${plot}`;
}

function boardHtml(b: TaskBoard): string {
  const tag = b.inSample ? '<span class="tag insample">样本内</span>' : '';
  const note = b.inSample
    ? `<p class="note">样本内：${esc(b.inSample)}。该套件的数字不代表真实水平，不计入总榜。</p>`
    : '';
  const head = `<tr><th>名次</th><th>参赛系统</th>${b.headline.map((m) => `<th>${esc(metricLabel(m))} [95 % 区间]</th>`).join('')}<th>与下一名</th></tr>`;
  const rows = b.standings.map(
    (s) =>
      `<tr><td class="num">${s.rank}</td><td>${esc(s.entry)}</td>${b.headline.map((m) => `<td class="num">${esc(fmtCell(s.metrics[m]))}</td>`).join('')}${verdictCell(s.vsNext)}</tr>`,
  );
  const unmatched = b.unmatched ? `（另有 ${b.unmatched} 个用例并非每个系统都有，未参与比较）` : '';
  const plot = intervalsSvg(b.standings.map((s) => ({ label: s.entry, cell: s.metrics[b.headline[0]] })));
  return `<h3>${esc(boardTitle(b))}${tag}</h3>${note}<p class="muted">共同用例 ${b.n} 个${unmatched}；按 ${esc(metricLabel(b.headline[0]))} 排名。数据：${esc(b.data)}</p><table>${head}${rows.join('')}</table>${plot}`;
}

function disagreementHtml(d: Disagreements): string {
  if (d.total === 0) return `<h3>${esc(d.suite)}</h3><p class="muted">各系统的答案完全一致。</p>`;
  // Only the largest group is open: a long comparison would otherwise bury the rankings under its cases.
  const groups = d.groups.map((g, gi) => {
    const entries = Object.keys(g.errorTypes);
    const types = entries
      .map(
        (e) =>
          `<li>${esc(e)}：${
            Object.entries(g.errorTypes[e])
              .map(([k, n]) => `${esc(k)} ×${n}`)
              .join('，') || '无错误'
          }</li>`,
      )
      .join('');
    const rows = g.cases.slice(0, SHOWN_CASES).map((c) => {
      const cells = entries.map((e) => {
        const o = c.outcomes[e];
        return `<td class="${o.correct === null ? 'muted' : o.correct ? 'pass' : 'fail'}">${o.correct ? '✓' : '✗'} ${esc(o.answer)}</td>`;
      });
      const text = c.text ? `<td class="text">${esc([...c.text].slice(0, TEXT_CHARS).join(''))}</td>` : '';
      return `<tr><td><code>${esc(c.id)}</code></td>${cells.join('')}${text}</tr>`;
    });
    const more =
      g.cases.length > SHOWN_CASES
        ? `<p class="muted">另有 ${g.cases.length - SHOWN_CASES} 例，见 leaderboard.json。</p>`
        : '';
    const textHead = g.cases.some((c) => c.text) ? '<th>原文（节选）</th>' : '';
    return `<details${gi === 0 ? ' open' : ''}><summary>标准答案 <b>${esc(g.gold)}</b>：${g.cases.length} 例</summary><ul>${types}</ul><table><tr><th>编号</th>${entries.map((e) => `<th>${esc(e)}</th>`).join('')}${textHead}</tr>${rows.join('')}</table>${more}</details>`;
  });
  const note = d.textNote ? `<p class="note">${esc(d.textNote)}</p>` : '';
  return `<h3>${esc(d.suite)}：意见不一致的用例 ${d.total} 个</h3>${note}${groups.join('')}`;
}

function entriesHtml(lb: Leaderboard): string {
  const seen = new Map<string, string>();
  for (const b of lb.tasks)
    for (const s of b.standings) if (!seen.has(s.entry)) seen.set(s.entry, entryIdentity(s.report));
  const rows = [...seen.entries()].map(([e, id]) => `<tr><td>${esc(e)}</td><td>${esc(id)}</td></tr>`);
  return `<h2>参赛系统</h2><table><tr><th>名称</th><th>身份（/v1/info）；访问方式；评测程序版本与提交</th></tr>${rows.join('')}</table>`;
}

/** leaderboard.html: self-contained (inline CSS and SVG, no scripts), in Chinese; metric keys kept beside names. */
export function renderLeaderboardHtml(lb: Leaderboard, dis: Disagreements[]): string {
  const headlineBoards = lb.tasks.filter((b) => !b.inSample);
  const inSample = lb.tasks.filter((b) => b.inSample);
  const method = `<p class="note">区间：对用例做 ${lb.method.resamples} 次自助重采样（种子 ${lb.method.seed}），取 2.5 % 与 97.5 % 分位数，即 95 % 置信区间。相邻名次之间的检验：配对自助法——每次重采样对所有系统取同一批用例，比较差值的 95 % 区间是否包含 0（双侧）。<b class="ns">≈</b> 表示与下一名差异不显著，<b class="sig">&gt;</b> 表示显著领先。<br>总榜：${esc(lb.method.weighting)}。</p>`;
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>评测排行榜</title><style>${STYLE}${EXTRA_STYLE}</style></head><body>
<h1>评测排行榜</h1>${method}${overallHtml(lb)}<h2>各套件排名</h2>${headlineBoards.map(boardHtml).join('')}${
    inSample.length ? `<h2>样本内套件（不计入总榜）</h2>${inSample.map(boardHtml).join('')}` : ''
  }${entriesHtml(lb)}<h2>意见不一致的用例（按标准答案与错误类型分组）</h2>${dis.map(disagreementHtml).join('')}
<p class="muted">由 xinfang-assist 评测程序根据已保存的 report.json 生成（${esc(lb.generated_at)}）。</p></body></html>`;
}
