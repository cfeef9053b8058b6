/**
 * Lints the service's OpenAPI document with Redocly CLI (recommended rules, redocly.yaml):
 *   npm run lint:openapi                 the document of this checkout (built in-process, no port)
 *   npm run lint:openapi -- --url URL    the document a running service serves, e.g. http://127.0.0.1:8787/openapi.json
 * Exits non-zero when the linter reports any error; warnings are printed and allowed.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lintOpenApi } from '../src/testing/openapi-lint.ts';

/** The document of this checkout, from the app itself on an in-memory database. */
export async function localDocument(): Promise<unknown> {
  const [{ createApp }, { testConfig }, { createDeps }] = await Promise.all([
    import('../src/app.ts'),
    import('../src/config.ts'),
    import('../src/deps.ts'),
  ]);
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
  for (const p of result.problems)
    console.log(`${p.severity === 'error' ? 'error  ' : 'warning'} ${p.ruleId}: ${p.message} (${p.pointer})`);
  console.log(`OpenAPI lint (Redocly, recommended): ${result.errors} errors, ${result.warnings} warnings`);
  process.exitCode = result.errors ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main(process.argv.slice(2));
