import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../testing/test-app.ts';
import { SESSION_COOKIE } from './middleware.ts';
import { POLICY, allows, createPolicy, type PolicyRule } from './policy.ts';
import { ROLES, type Role } from './roles.ts';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

const PETITIONER = {
  name: '欧阳建国',
  phone: '13987654321',
  id_number: '110105194912310021',
  address: '清河县幸福路88号',
};
const IDENTITY = Object.values(PETITIONER);
const BODY = {
  text: '某建筑公司拖欠我们十二名农民工工资共计八万元，已经半年，多次讨要无果。',
  channel: '走访',
  petitioner: PETITIONER,
};

/** Every route the app has mounted (method, hono path), middleware aside: nothing here is hand-listed. */
const mounted = (t: TestApp) => [
  ...new Map(
    t.rawApp.routes
      .filter((r) => r.method !== 'ALL')
      .map((r) => [`${r.method} ${r.path}`, { method: r.method, path: r.path }]),
  ).values(),
];

/** A concrete path for a mounted pattern: the petition's id for every parameter, a report file for `*`. */
const sample = (path: string, id: string) =>
  path
    .replace(/:version\b/g, '1')
    .replace(/:table\b/g, 'category')
    .replace(/:[A-Za-z_]+/g, id)
    .replace(/\*$/, 'x/report.html');

/** One credential per role, each with a named key; pages are opened with a session cookie, /v1 with the key. */
async function world() {
  const t = await createTestApp();
  const petition = await (await t.as('reception', '登记员').post('/v1/petitions', BODY)).json();
  // A reply draft too: its salutation names the petitioner, and it shows on the page and through the drafts API.
  await t.post(`/v1/petitions/${petition.id}/transitions`, {
    to: 'screened',
    decision: 'accepted',
    reason: '属于本机关职责',
  });
  expect((await t.post(`/v1/petitions/${petition.id}/drafts`, {})).status).toBe(201);
  const deps = (await (await t.get('/v1/departments')).json()).items as { id: string }[];
  const depKey = (await (await t.post(`/v1/departments/${deps[0].id}/keys`, { name: '承办员' })).json()).key as string;
  const keys = Object.fromEntries(
    ROLES.map((role) => [
      role,
      role === 'admin' ? t.key : role === 'department' ? depKey : t.as(role, `岗位 ${role}`).key,
    ]),
  ) as Record<Role, string>;
  const cookies = {} as Record<Role, string>;
  for (const role of ROLES) {
    const p = t.deps.keys.authenticate(keys[role])!;
    cookies[role] = `${SESSION_COOKIE}=${t.deps.sessions.open(p).token}`;
  }
  return { t, id: petition.id as string, keys, cookies };
}

const piiReads = (t: TestApp, id: string) => t.deps.events.forPetition(id).filter((e) => e.type === 'pii_read').length;

describe('one policy for API, pages and streams', () => {
  it('grants nothing for a route that does not exist: every row of the table matches a mounted route', async () => {
    const { t, id } = await world();
    const paths = mounted(t).map((r) => ({ method: r.method, path: sample(r.path, id) }));
    const orphans = POLICY.filter((rule: PolicyRule) => {
      const decide = createPolicy([rule]);
      return !paths.some(
        (p) =>
          decide(p.method, p.path).kind !== 'roles' ||
          (decide(p.method, p.path) as { rule: string }).rule !== 'default: admin only',
      );
    }).map((r) => `${r.method} ${r.path}`);
    expect(orphans).toEqual([]);
  });

  it('has a row for every mounted route: none falls to the default', async () => {
    const { t, id } = await world();
    const decide = createPolicy();
    const unlisted = mounted(t)
      .filter((r) => {
        const d = decide(r.method, sample(r.path, id));
        return d.kind === 'roles' && d.rule === 'default: admin only';
      })
      .map((r) => `${r.method} ${r.path}`);
    expect(unlisted).toEqual([]);
  });

  it('walks every page, stream and API read for every role: allowed by the table or refused with 403, and no identity shown unless read on the record', async () => {
    const { t, id, keys, cookies } = await world();
    const decide = createPolicy();
    // Pages, streams and exports, and the API's reads too: the same table answers for all of them.
    const gets = mounted(t).filter((r) => r.method === 'GET');
    expect(gets.map((r) => r.path)).toEqual(
      expect.arrayContaining(['/petitions/:id', '/dispatch', '/dispatch/stream', '/v1/alerts/stream']),
    );
    const wrong: string[] = [];
    for (const route of gets) {
      const path = sample(route.path, id);
      for (const role of ROLES) {
        const page = !path.startsWith('/v1');
        const headers: Record<string, string> = page
          ? { cookie: cookies[role], accept: 'text/html' }
          : { authorization: `Bearer ${keys[role]}` };
        const before = piiReads(t, id);
        const res = await t.rawApp.request(path, { headers });
        const allowed = allows(decide('GET', path), role);
        const stream = /event-stream/.test(res.headers.get('content-type') ?? '');
        const body = stream ? '' : await res.text();
        if (stream) await res.body?.cancel();
        // A department-scoped route may still refuse a key of no department (its own 403, not the table's).
        const refusedByTable =
          res.status === 401 || (res.status === 403 && (page || JSON.parse(body || '{}').error?.code === 'forbidden'));
        if (allowed && refusedByTable) wrong.push(`${role} ${path}: ${res.status}, the table allows it`);
        if (!allowed && res.status !== 403) wrong.push(`${role} ${path}: ${res.status}, the table refuses it`);
        if (!allowed && IDENTITY.some((v) => body.includes(v))) wrong.push(`${role} ${path}: identity in a refusal`);
        const shown = IDENTITY.filter((v) => body.includes(v));
        if (shown.length && piiReads(t, id) === before)
          wrong.push(`${role} ${path}: shows ${shown.join(', ')} with no pii_read`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('refuses an evaluator every office page (a Chinese 403 page) and shows it only the pages it may open', async () => {
    const { t, id, cookies } = await world();
    for (const path of [`/petitions/${id}`, '/petitions', '/reception', '/dispatch', '/supervision', '/dashboard']) {
      const res = await t.rawApp.request(path, { headers: { cookie: cookies.evaluator, accept: 'text/html' } });
      expect(res.status, path).toBe(403);
      const html = await res.text();
      expect(html).toContain('无权查看此页面');
      expect(html).not.toContain(PETITIONER.name);
    }
    const stream = await t.rawApp.request('/dispatch/stream', { headers: { cookie: cookies.evaluator } });
    expect(stream.status).toBe(403);
    const home = await (
      await t.rawApp.request('/evaluators', { headers: { cookie: cookies.evaluator, accept: 'text/html' } })
    ).text();
    const nav = home.slice(home.indexOf('<nav'), home.indexOf('</nav>'));
    expect(nav).toContain('/evaluators');
    expect(nav).not.toContain('/dispatch');
  });

  it('shows dispatch the petition without its case file or drafts (their API routes are closed to dispatch)', async () => {
    const { t, id, cookies } = await world();
    const html = await (
      await t.rawApp.request(`/petitions/${id}`, { headers: { cookie: cookies.dispatch, accept: 'text/html' } })
    ).text();
    expect(html).toContain(id);
    expect(html).not.toContain('哈希链');
    expect(IDENTITY.filter((v) => html.includes(v))).toEqual([]);
    const full = await (
      await t.rawApp.request(`/petitions/${id}`, { headers: { cookie: cookies.supervisor, accept: 'text/html' } })
    ).text();
    expect(full).toContain('哈希链');
  });
});

describe('the front page', () => {
  it.each([
    ['reception', '/reception'],
    ['dispatch', '/reception'],
    ['evaluator', '/evaluators'],
    ['department', '/department'],
  ] as const)('sends %s to %s, a page it may open', async (role, home) => {
    const { t, cookies } = await world();
    const res = await t.rawApp.request('/', { headers: { cookie: cookies[role], accept: 'text/html' } });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(home);
  });
});
