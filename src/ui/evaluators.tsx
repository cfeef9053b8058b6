import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { Hono } from 'hono';
import { groupReports, renderCompareHtml } from '../reports/compare.ts';
import { TARGET_ZH, TASK_ZH, metricZh } from '../reports/labels-zh.ts';
import { readReport } from '../reports/write.ts';
import type { Report } from '../reports/report-schema.ts';
import { AppError } from '../errors.ts';
import type { AppEnv } from '../http/app-env.ts';
import { Badge, Layout, localTime, userOf } from './layout.tsx';

export interface ReportEntry {
  /** Path of the report's folder relative to the reports folder, with '/' separators. */
  id: string;
  report: Report | null;
  error: string | null;
  hasHtml: boolean;
}

// The CLI writes <reports>/<name>-<target>/; `--all --out X` nests one level more.
const MAX_DEPTH = 2;

/** Every folder under `root` (up to two levels) that holds a report.json, newest first. */
export function listReports(root: string): ReportEntry[] {
  const found: ReportEntry[] = [];
  const walk = (dir: string, depth: number) => {
    if (depth > MAX_DEPTH || !existsSync(dir)) return;
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (!statSync(path).isDirectory()) continue;
      if (existsSync(join(path, 'report.json'))) {
        const id = relative(root, path).split(sep).join('/');
        try {
          found.push({ id, report: readReport(path), error: null, hasHtml: existsSync(join(path, 'report.html')) });
        } catch (e) {
          found.push({ id, report: null, error: (e as Error).message, hasHtml: existsSync(join(path, 'report.html')) });
        }
      }
      walk(path, depth + 1);
    }
  };
  walk(root, 1);
  return found.sort((a, b) => (b.report?.meta.started_at ?? '').localeCompare(a.report?.meta.started_at ?? ''));
}

/** The folder of a report id, refusing anything that leaves the reports folder. */
function reportDir(root: string, id: string): string {
  const dir = resolve(root, id);
  if (!/^[\w.\-/]+$/.test(id) || id.split('/').includes('..') || !dir.startsWith(resolve(root) + sep)) {
    throw new AppError(400, 'invalid_report', `不是有效的评测报告名称：${id}`);
  }
  if (!existsSync(join(dir, 'report.json'))) throw new AppError(404, 'not_found', `未找到评测报告 ${id}`);
  return dir;
}

const fmt = (v: number | null | undefined) =>
  v === null || v === undefined ? '—' : Number.isInteger(v) ? String(v) : v.toFixed(3);

/** Saved reports are the harness's own self-contained pages; nothing they load may leave this machine. */
// Saved reports are self-contained and script-free (src/reports/html.ts): no script runs in them. Only the
// compare page of this origin may frame them.
const REPORT_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'none'; frame-ancestors 'self'";

function ReportList(props: { entries: ReportEntry[]; root: string }) {
  if (!props.entries.length)
    return (
      <p class="muted">
        报告目录 <code>{props.root}</code> 中还没有评测报告（运行 <code>npm run eval</code> 生成）。
      </p>
    );
  return (
    <form method="get" action="/evaluators/compare">
      <table id="reports">
        <thead>
          <tr>
            <th scope="col">对比</th>
            <th scope="col">报告</th>
            <th scope="col">任务</th>
            <th scope="col">被测对象</th>
            <th scope="col">时间</th>
            <th scope="col">用例</th>
            <th scope="col">门槛</th>
            <th scope="col">主要指标</th>
          </tr>
        </thead>
        <tbody>
          {props.entries.map((e, i) => {
            const r = e.report;
            const metrics = r
              ? Object.entries(r.summary.metrics)
                  .filter(([k]) => !k.includes('.'))
                  .slice(0, 4)
              : [];
            return (
              <tr>
                <td>
                  <input type="checkbox" name="r" value={e.id} id={`cmp-${i}`} disabled={!r} />
                  <label for={`cmp-${i}`} class="sr-only">
                    选择 <code>{e.id}</code> 参与对比
                  </label>
                </td>
                <td>
                  {e.hasHtml ? (
                    <a href={`/evaluators/reports/${e.id}/report.html`}>
                      <code>{e.id}</code>
                    </a>
                  ) : (
                    <code>{e.id}</code>
                  )}
                  {/* Figures on the shipped model's own training data must not be read as its real level. */}
                  {r?.meta.in_sample ? (
                    <span class="in-sample" title={`样本内：${r.meta.in_sample}`}>
                      {' '}
                      <Badge colour="yellow" text="样本内" />
                    </span>
                  ) : null}
                </td>
                <td>{r ? (TASK_ZH[r.meta.task] ?? r.meta.task) : '—'}</td>
                <td>
                  {r ? (
                    <>
                      {r.meta.entry?.label ? <code>{r.meta.entry.label}</code> : null} {TARGET_ZH[r.meta.target.kind]}
                      {r.meta.target.url && r.meta.target.kind !== 'answers' ? <code> {r.meta.target.url}</code> : null}
                    </>
                  ) : (
                    '—'
                  )}
                </td>
                <td>{localTime(r?.meta.started_at)}</td>
                <td>{r?.cases.length ?? '—'}</td>
                <td>
                  {r ? (
                    <Badge colour={r.summary.passed ? 'green' : 'red'} text={r.summary.passed ? '通过' : '未通过'} />
                  ) : (
                    <span class="field-error">无法读取：{e.error}</span>
                  )}
                </td>
                <td>
                  {r?.meta.in_sample ? '（样本内）' : ''}
                  {metrics.map(([k, v], j) => (
                    <>
                      {j ? '；' : ''}
                      {metricZh(k) === k ? (
                        <code>{k}</code>
                      ) : (
                        <>
                          {metricZh(k)}（<code>{k}</code>）
                        </>
                      )}{' '}
                      {fmt(v)}
                    </>
                  ))}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p>
        <button type="submit">对比所选报告</button>{' '}
        <span class="hint">
          同一任务、同一数据的报告才会并列比较。标“样本内”的报告是内置模型在自己的训练数据上的数字，不代表真实水平。
        </span>
      </p>
    </form>
  );
}

/** 评测: the saved evaluation reports, each report's own page, and the comparison of runs. */
export function evaluatorRoutes(opts: { reportsDir: () => string }) {
  const app = new Hono<AppEnv>();

  app.get('/evaluators', (c) => {
    const root = opts.reportsDir();
    return c.html(
      '<!doctype html>' +
      (
        <Layout user={userOf(c)} title="评测报告" active="evaluators">
          <section class="card" aria-labelledby="reports-title">
            <h2 id="reports-title">报告列表</h2>
            <ReportList entries={listReports(root)} root={root} />
          </section>
        </Layout>
      ),
    );
  });

  app.get('/evaluators/reports/*', (c) => {
    const rest = decodeURIComponent(c.req.path.slice('/evaluators/reports/'.length));
    if (!rest.endsWith('/report.html')) throw new AppError(404, 'not_found', `没有这个页面：${rest}`);
    const dir = reportDir(opts.reportsDir(), rest.slice(0, -'/report.html'.length));
    c.header('Content-Security-Policy', REPORT_CSP);
    c.header('X-Frame-Options', 'SAMEORIGIN');
    return c.html(readFileSync(join(dir, 'report.html'), 'utf8'));
  });

  app.get('/evaluators/compare', (c) => {
    const ids = c.req.queries('r') ?? [];
    const root = opts.reportsDir();
    ids.forEach((id) => reportDir(root, id));
    const query = ids.map((id) => `r=${encodeURIComponent(id)}`).join('&');
    return c.html(
      '<!doctype html>' +
      (
        <Layout user={userOf(c)} title="评测对比" active="evaluators">
          <p>
            <a href="/evaluators">← 返回报告列表</a>
          </p>
          {ids.length < 2 ? (
            <p class="errors" role="alert">
              请在报告列表中至少选择两份报告。
            </p>
          ) : (
            <iframe
              id="compare-frame"
              title="评测对比表"
              src={`/evaluators/compare.html?${query}`}
              style="width:100%;height:70vh;border:1px solid #d5dae1"
            />
          )}
        </Layout>
      ),
      ids.length < 2 ? 400 : 200,
    );
  });

  app.get('/evaluators/compare.html', (c) => {
    const root = opts.reportsDir();
    const columns = (c.req.queries('r') ?? []).map((id) => ({ label: id, report: readReport(reportDir(root, id)) }));
    c.header('Content-Security-Policy', REPORT_CSP);
    c.header('X-Frame-Options', 'SAMEORIGIN');
    return c.html(renderCompareHtml(groupReports(columns)));
  });

  return app;
}
