import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ReportSchema, type Report } from './report-schema.ts';
import { renderReportHtml } from './html.ts';

/** Writes DIR/report.json and DIR/report.html. */
export function writeReport(dir: string, report: Report): { json: string; html: string } {
  mkdirSync(dir, { recursive: true });
  const json = join(dir, 'report.json');
  const html = join(dir, 'report.html');
  writeFileSync(json, `${JSON.stringify(report, null, 1)}\n`);
  writeFileSync(html, renderReportHtml(report));
  return { json, html };
}

/** Reads a saved report from a directory or a report.json path, validating its shape. */
export function readReport(path: string): Report {
  const file = statSync(path).isDirectory() ? join(path, 'report.json') : path;
  const parsed = ReportSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file} is not an eval report: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}
