import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../testing/test-app.ts';
import { POLICY, type PolicyRule, createPolicy } from './policy.ts';

type Route = { method: string; path: string; sample: string };

/** A concrete path for a mounted pattern: `x` for each parameter, a report file for a trailing `*`. */
const sample = (path: string) =>
  path
    .replace(/:version\b/g, '1')
    .replace(/:[A-Za-z_]+/g, 'x')
    .replace(/\*$/, 'x/report.html');

const ruleName = (r: PolicyRule) => `${(Array.isArray(r.method) ? r.method : [r.method]).join(',')} ${r.path}`;

let routes: Route[];

beforeAll(async () => {
  const t = await createTestApp();
  // Every route the app mounts, API and pages alike (middleware aside): nothing here is listed by hand.
  const seen = new Map<string, Route>();
  for (const r of t.rawApp.routes.filter((r) => r.method !== 'ALL'))
    seen.set(`${r.method} ${r.path}`, { method: r.method, path: r.path, sample: sample(r.path) });
  routes = [...seen.values()];
});

describe('the policy table against the mounted routes', () => {
  it('sees the routes of every group', () => {
    expect(routes.length).toBeGreaterThan(60);
    expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining([
        'POST /v1/petitions',
        'GET /v1/alerts/stream',
        'GET /petitions/:id',
        'DELETE /v1/keys/:id',
      ]),
    );
  });

  it('has a row for every mounted route: none falls to the admin-only default', () => {
    const decide = createPolicy();
    const unlisted = routes
      .filter((r) => {
        const d = decide(r.method, r.sample);
        return d.kind === 'roles' && d.rule === 'default: admin only';
      })
      .map((r) => `${r.method} ${r.path}`);
    expect(unlisted).toEqual([]);
  });

  it('names only routes that exist: every row is the deciding row for at least one mounted route', () => {
    const decide = createPolicy();
    // The rule a request is decided by; a public row is recognised by trying it alone.
    const decidedBy = (r: Route) => {
      const d = decide(r.method, r.sample);
      if (d.kind === 'roles') return d.rule;
      return ruleName(POLICY.find((rule) => createPolicy([rule])(r.method, r.sample).kind === 'public')!);
    };
    const used = new Set(routes.map(decidedBy));
    const dead = POLICY.map(ruleName).filter((name) => !used.has(name));
    expect(dead).toEqual([]);
  });

  it('grants a row only methods a mounted route has under its path', () => {
    const wrong = POLICY.flatMap((rule) => {
      const methods = Array.isArray(rule.method) ? rule.method : [rule.method];
      if (methods.includes('*')) return [];
      const alone = createPolicy([rule]);
      return methods
        .filter(
          (m) =>
            !routes.some((r) => {
              const d = alone(m, r.sample);
              return r.method === m && (d.kind === 'public' || d.rule !== 'default: admin only');
            }),
        )
        .map((m) => `${m} ${rule.path}`);
    });
    expect(wrong).toEqual([]);
  });
});
