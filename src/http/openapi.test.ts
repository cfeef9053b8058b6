import { beforeAll, describe, expect, it } from 'vitest';
import { lintOpenApi } from '../testing/openapi-lint.ts';
import { createTestApp } from '../testing/test-app.ts';
import { createPolicy } from './auth/policy.ts';
import { BEARER_SCHEME } from './openapi.ts';

type Op = {
  operationId?: string;
  security?: Record<string, string[]>[];
  responses: Record<string, { description?: string }>;
};
type Doc = {
  servers?: { url: string }[];
  paths: Record<string, Record<string, Op>>;
  components: { securitySchemes?: Record<string, unknown> };
};

let doc: Doc;
const operations = () =>
  Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ path, method, op, name: `${method.toUpperCase()} ${path}` })),
  );

beforeAll(async () => {
  const t = await createTestApp();
  const res = await t.rawApp.request('/openapi.json');
  expect(res.status).toBe(200);
  doc = (await res.json()) as Doc;
});

describe('GET /openapi.json', () => {
  it('is served without a key and names a server', () => {
    expect(doc.servers?.length).toBeGreaterThan(0);
    expect(doc.components.securitySchemes?.[BEARER_SCHEME]).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('gives every operation a unique operationId', () => {
    const ids = operations().map((o) => o.op.operationId);
    expect(ids.filter((id) => !id)).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('declares the security the policy table enforces on every operation', () => {
    const decide = createPolicy();
    for (const { path, method, op, name } of operations()) {
      const decision = decide(method, path.replace(/\{[^}]+\}/g, 'x'));
      const expected = decision.kind === 'public' ? [] : [{ [BEARER_SCHEME]: [] }];
      expect(op.security, name).toEqual(expected);
      if (decision.kind !== 'public')
        expect(Object.keys(op.responses), name).toEqual(expect.arrayContaining(['401', '403', '429']));
    }
  });

  it('describes every response, and every operation has a 4xx answer', () => {
    for (const { op, name } of operations()) {
      expect(
        Object.keys(op.responses).some((s) => s.startsWith('4')),
        name,
      ).toBe(true);
      for (const [status, r] of Object.entries(op.responses)) expect(r.description, `${name} ${status}`).toBeTruthy();
    }
  });

  it('passes Redocly lint (recommended rules) with no errors', () => {
    const result = lintOpenApi(doc);
    expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(result.errors).toBe(0);
  });
});
