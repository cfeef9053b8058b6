import { beforeAll, describe, expect, it } from 'vitest';
import { lintOpenApi } from '../testing/openapi-lint.ts';
import { createTestApp } from '../testing/test-app.ts';
import { createPolicy } from './auth/policy.ts';
import { isCamelKey } from './casing.ts';
import { BEARER_SCHEME } from './openapi.ts';

type Op = {
  operationId?: string;
  security?: Record<string, string[]>[];
  parameters?: { name: string }[];
  responses: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>;
};
type Doc = {
  servers?: { url: string }[];
  paths: Record<string, Record<string, Op>>;
  components: { securitySchemes?: Record<string, unknown> };
};

let doc: Doc;
let mounted: { method: string; path: string }[];

/** Every property and parameter name in the document, with where it is (`#/paths/…/properties/x`). */
function names(node: unknown, at: string): { name: string; at: string }[] {
  if (Array.isArray(node)) return node.flatMap((n, i) => names(n, `${at}/${i}`));
  if (!node || typeof node !== 'object') return [];
  const o = node as Record<string, unknown>;
  const own = [
    ...(o.properties && typeof o.properties === 'object'
      ? Object.keys(o.properties).map((name) => ({ name, at: `${at}/properties/${name}` }))
      : []),
    ...(Array.isArray(o.required) ? o.required.map((name) => ({ name: String(name), at: `${at}/required` })) : []),
    ...(typeof o.name === 'string' && typeof o.in === 'string' ? [{ name: o.name, at: `${at}/name` }] : []),
  ];
  return [...own, ...Object.entries(o).flatMap(([k, v]) => names(v, `${at}/${k}`))];
}
const operations = () =>
  Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ path, method, op, name: `${method.toUpperCase()} ${path}` })),
  );

beforeAll(async () => {
  const t = await createTestApp();
  const res = await t.rawApp.request('/openapi.json');
  expect(res.status).toBe(200);
  doc = (await res.json()) as Doc;
  // The API's routes as mounted: /v1/…, the liveness probe and the JSON sign-in (pages, their streams and scripts
  // answer people in HTML).
  mounted = t.rawApp.routes
    .filter(
      (r) =>
        r.method !== 'ALL' &&
        (r.path.startsWith('/v1/') || r.path === '/healthz' || (r.path === '/login' && r.method === 'POST')),
    )
    .map((r) => ({ method: r.method.toLowerCase(), path: r.path.replace(/:([A-Za-z_]+)/g, '{$1}') }));
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

  it('describes every response, and every operation has an error answer', () => {
    for (const { op, name } of operations()) {
      expect(
        Object.keys(op.responses).some((s) => s.startsWith('4') || s.startsWith('5')),
        name,
      ).toBe(true);
      for (const [status, r] of Object.entries(op.responses)) expect(r.description, `${name} ${status}`).toBeTruthy();
    }
  });

  it('spells every property and parameter name in snake_case', () => {
    // The walk reaches nested schemas, parameters and components (a guard against a vacuous pass).
    expect(names(doc, '#').map((n) => n.name)).toEqual(
      expect.arrayContaining(['received_at', 'prev_hash', 'law_id', 'needs_statute', 'case_no', 'request_id']),
    );
    const camel = names(doc, '#')
      .filter((n) => isCamelKey(n.name))
      .map((n) => `${n.at}: ${n.name}`);
    expect(camel).toEqual([]);
  });

  it('describes every mounted API route, with a schema for each answer, success or error', () => {
    expect(mounted.length).toBeGreaterThan(40);
    const undocumented = mounted.filter((r) => !doc.paths[r.path]?.[r.method]).map((r) => `${r.method} ${r.path}`);
    expect(undocumented).toEqual([]);
    const schemaless = operations().flatMap(({ op, name }) =>
      Object.entries(op.responses)
        // A redirect has no body; every other answer names its content and schema.
        .filter(
          ([status, r]) => !status.startsWith('3') && (!r.content || Object.values(r.content).some((c) => !c.schema)),
        )
        .map(([status]) => `${name} ${status}`),
    );
    expect(schemaless).toEqual([]);
  });

  it('passes Redocly lint (recommended rules) with no errors', () => {
    const result = lintOpenApi(doc);
    expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(result.errors).toBe(0);
  });
});
