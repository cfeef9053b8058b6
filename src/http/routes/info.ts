import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { Config } from '../../config.ts';
import type { Deps } from '../app-deps.ts';
import type { AppEnv } from '../app-env.ts';
import { ok } from '../schemas.ts';

const InfoSchema = z
  .object({ name: z.string(), version: z.string(), model: z.string(), contract: z.string() })
  .openapi('EntryInfo');

const infoRoute = createRoute({
  method: 'get',
  path: '/v1/info',
  operationId: 'getServiceInfo',
  tags: ['pilot contract'],
  summary: "Who this entry is: name, version and a description of its models (optional in the pilot's contract)",
  responses: { 200: ok(InfoSchema, 'The entry identity the evaluation harness records in its reports') },
});

/**
 * The project's package.json, found by walking up: the sources run from src/http/routes/ and, compiled,
 * from dist/src/http/routes/, so a fixed relative path would be wrong in one of them.
 */
function readPackage(): { name: string; version: string } {
  for (let dir = dirname(fileURLToPath(import.meta.url)); dir !== dirname(dir); dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  }
  return { name: 'xinfang-assist', version: 'unknown' };
}

/** First 12 hex digits of a model file's SHA-256, so a retrained model shows as a different entry. */
function fileTag(path: string): string {
  return existsSync(path) ? createHash('sha256').update(readFileSync(path)).digest('hex').slice(0, 12) : 'missing';
}

function describe(config: Config): z.infer<typeof InfoSchema> {
  const pkg = readPackage();
  const triage = config.MODEL_DIR
    ? `情绪与类别：transformers.js ONNX（${basename(config.MODEL_DIR)}）`
    : `情绪与类别：内置线性模型（emotion.json ${fileTag(join(config.MODELS_DIR, 'emotion.json'))}，category.json ${fileTag(join(config.MODELS_DIR, 'category.json'))}）`;
  const risk = `风险：信号词典与自伤分类器（selfharm.json ${fileTag(join(config.MODELS_DIR, 'selfharm.json'))}）`;
  const drafting = config.LLM_MODEL ? `答复：${config.LLM_MODEL}（失败时离线起草）` : '答复：离线起草';
  return {
    name: pkg.name,
    version: pkg.version,
    model: [triage, risk, '法条：BM25 与学得的关联', drafting].join('；'),
    contract: 'xinfang-pilot/1',
  };
}

/** GET /v1/info: the entry's identity for the harness; read once per app (files do not change under it). */
export function infoRoutes(deps: Pick<Deps, 'config'>) {
  const app = new OpenAPIHono<AppEnv>();
  let cached: z.infer<typeof InfoSchema> | undefined;
  app.openapi(infoRoute, (c) => c.json((cached ??= describe(deps.config)), 200));
  return app;
}
