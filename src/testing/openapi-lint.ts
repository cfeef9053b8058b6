/**
 * Runs Redocly CLI (recommended rules, redocly.yaml) on an OpenAPI document. A test kit: the OpenAPI test
 * and `npm run lint:openapi` (scripts/lint-openapi.ts) both use it; the service never imports it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface LintProblem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  pointer: string;
}
export interface LintResult {
  errors: number;
  warnings: number;
  problems: LintProblem[];
}

/** Runs `redocly lint` on a document (the parsed JSON) and returns its totals and problems. */
export function lintOpenApi(doc: unknown): LintResult {
  const dir = mkdtempSync(join(tmpdir(), 'xf-openapi-lint-'));
  try {
    const file = join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(doc, null, 2));
    const cli = join(dirname(createRequire(import.meta.url).resolve('@redocly/cli/package.json')), 'bin', 'cli.js');
    const run = spawnSync(
      process.execPath,
      [cli, 'lint', file, '--config', join(ROOT, 'redocly.yaml'), '--format', 'json'],
      {
        encoding: 'utf8',
        env: {
          ...process.env,
          REDOCLY_TELEMETRY: 'off',
          REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
          REDOCLY_SUPPRESS_NOTIFICATIONS: 'true',
        },
      },
    );
    const start = run.stdout.indexOf('{');
    if (start < 0) throw new Error(`redocly lint gave no report (exit ${run.status}): ${run.stderr}`);
    const report = JSON.parse(run.stdout.slice(start)) as {
      totals: { errors: number; warnings: number };
      problems: { ruleId: string; severity: 'error' | 'warn'; message: string; location: { pointer: string }[] }[];
    };
    return {
      errors: report.totals.errors,
      warnings: report.totals.warnings,
      problems: report.problems.map((p) => ({
        ruleId: p.ruleId,
        severity: p.severity,
        message: p.message,
        pointer: p.location[0]?.pointer ?? '',
      })),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
