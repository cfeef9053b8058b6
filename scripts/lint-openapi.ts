/**
 * Lints the service's OpenAPI document with Redocly CLI (recommended rules, redocly.yaml):
 *   npm run lint:openapi                 the document of this checkout (built in-process, no port)
 *   npm run lint:openapi -- --url URL    the document a running service serves, e.g. http://127.0.0.1:8787/openapi.json
 * Exits non-zero when the linter reports any error; warnings are printed and allowed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

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
    const run = spawnSync(process.execPath, [cli, 'lint', file, '--config', join(ROOT, 'redocly.yaml'), '--format', 'json'], {
      encoding: 'utf8',
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', REDOCLY_SUPPRESS_NOTIFICATIONS: 'true' },
    });
    const start = run.stdout.indexOf('{');
    if (start < 0) throw new Error(`redocly lint gave no report (exit ${run.status}): ${run.stderr}`);
    const report = JSON.parse(run.stdout.slice(start)) as {
      totals: { errors: number; warnings: number };
      problems: { ruleId: string; severity: 'error' | 'warn'; message: string; location: { pointer: string }[] }[];
    };
    return {
      errors: report.totals.errors,
      warnings: report.totals.warnings,
      problems: report.problems.map((p) => ({ ruleId: p.ruleId, severity: p.severity, message: p.message, pointer: p.location[0]?.pointer ?? '' })),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The document of this checkout, from the app itself on an in-memory database. */
export async function localDocument(): Promise<unknown> {
  const [{ createApp }, { testConfig }, { createDeps }] = await Promise.all([import('../src/app.ts'), import('../src/config.ts'), import('../src/deps.ts')]);
  const deps = await createDeps(testConfig());
  try {
    return await (await createApp(deps).request('/openapi.json')).json();
  } finally {
    deps.close();
  }
}

async function main(argv: string[]) {
  const at = argv.indexOf('--url');
  const doc = at >= 0 ? await (await fetch(argv[at + 1])).json() : await localDocument();
  const result = lintOpenApi(doc);
  for (const p of result.problems) console.log(`${p.severity === 'error' ? 'error  ' : 'warning'} ${p.ruleId}: ${p.message} (${p.pointer})`);
  console.log(`OpenAPI lint (Redocly, recommended): ${result.errors} errors, ${result.warnings} warnings`);
  process.exitCode = result.errors ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main(process.argv.slice(2));
