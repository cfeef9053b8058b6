import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type ServerProcess } from '../src/testing/server-process.ts';
import { evaluate } from './evaluate.ts';
import { createHttpTarget } from './targets/http.ts';
import { createInProcessTarget } from './targets/in-process.ts';
import type { Report } from './types.ts';

const ROOT = join(import.meta.dirname, '..');
let server: ServerProcess;

beforeAll(async () => {
  server = await startServer({ DB_PATH: ':memory:', PII_KEY: randomBytes(32).toString('hex') }, 60_000);
}, 90_000);
afterAll(async () => {
  server?.child.kill('SIGTERM');
  await server?.exited;
});

const figures = (r: Report) =>
  Object.fromEntries(Object.entries(r.summary.metrics).filter(([k]) => !/_ms$|throughput/.test(k)));

// The "done when": the same suite gives the same figures in-process and against the running service.
describe('our service in-process and over HTTP', () => {
  it.each(['fixtures/routes.jsonl', 'fixtures/redteam.jsonl'])(
    'gives the same figures and answers on %s',
    async (data) => {
      const opts = {
        task: 'cases' as const,
        data: join(ROOT, data),
        root: ROOT,
        corpusDir: join(ROOT, 'corpus'),
        timeoutMs: 30_000,
      };
      const http = await evaluate({ ...opts, concurrency: 4, target: createHttpTarget(server.url, server.auth) });
      const local = await createInProcessTarget();
      try {
        const inproc = await evaluate({ ...opts, concurrency: 1, target: local });
        expect(http.summary.metrics.errors).toBe(0);
        expect(figures(inproc)).toEqual(figures(http));
        expect(inproc.cases.map((c) => [c.id, c.output, c.checks])).toEqual(
          http.cases.map((c) => [c.id, c.output, c.checks]),
        );
      } finally {
        await local.close();
      }
    },
    120_000,
  );
});
