import type { Role } from './roles.ts';

/**
 * Who may call what: the one table every request is checked against (middleware.ts). Route authors add a
 * row here instead of checking roles in handlers. First matching row wins, so specific rows come first.
 *
 * Patterns: `:x` is one path segment, a trailing `/**` is the path itself and anything below it.
 * Methods: 'GET' also covers HEAD; '*' is any method. Admin may do everything and is never listed.
 * `public` rows need no credentials. A path no row matches, /v1 or page, is admin-only (deny by default).
 */
export interface PolicyRule {
  method: string | string[];
  path: string;
  roles: Role[] | 'public' | 'any';
}

const R = 'reception' as const;
const D = 'dispatch' as const;
const S = 'supervisor' as const;
const E = 'evaluator' as const;
const DEP = 'department' as const;

export const POLICY: PolicyRule[] = [
  // Open: liveness, the API description, and the sign-in page itself.
  { method: 'GET', path: '/healthz', roles: 'public' },
  { method: 'GET', path: '/openapi.json', roles: 'public' },
  { method: ['GET', 'POST'], path: '/login', roles: 'public' },
  { method: 'POST', path: '/logout', roles: 'public' },
  // Page scripts: constants of the code, served as files so pages need no inline script (ui/page-scripts.ts).
  { method: 'GET', path: '/assets/js/:name', roles: 'public' },

  { method: 'GET', path: '/v1/session', roles: 'any' },

  // Intake and the six-step workflow.
  { method: 'POST', path: '/v1/petitions', roles: [R] },
  { method: 'GET', path: '/v1/petitions', roles: [R, D, S] },
  { method: 'GET', path: '/v1/petitions/:id', roles: [R, D, S] },
  { method: 'GET', path: '/v1/petitions/:id/events', roles: [R, S] },
  { method: 'GET', path: '/v1/petitions/:id/reply.docx', roles: [R, S] },
  // Finding any case and the books (issue 19): the export is role-checked and identities masked by PII_ACCESS.
  { method: 'GET', path: '/v1/search/petitions', roles: [R, D, S] },
  { method: 'GET', path: '/v1/exports/petitions.csv', roles: [R, D, S] },
  { method: 'POST', path: '/v1/petitions/:id/transitions', roles: [R, S] },
  // Bulk moves (issue 19): each move is still checked against the workflow's roles (cases/bulk-moves.ts).
  { method: 'POST', path: '/v1/petitions/bulk-moves', roles: [R, S] },
  { method: 'POST', path: '/v1/petitions/:id/extension', roles: [S] },
  { method: 'POST', path: '/v1/petitions/:id/follow-up', roles: [R, S] },
  { method: 'POST', path: '/v1/petitions/:id/drafts/:draft/approve', roles: [S] },
  // 交办 / 承办 / 督办 (issue 18): a department key acts only on its own department's cases (cases/assignment-service.ts).
  { method: 'POST', path: '/v1/petitions/:id/assignments/current/findings', roles: [DEP] },
  { method: 'POST', path: '/v1/petitions/:id/assignments/current/extension-request', roles: [DEP] },
  { method: 'POST', path: '/v1/petitions/:id/assignments/current/extension-decision', roles: [S] },
  { method: 'POST', path: '/v1/petitions/:id/assignments/current/notice', roles: [S] },
  { method: 'POST', path: '/v1/petitions/:id/assignments/**', roles: [R, S] },
  { method: 'GET', path: '/v1/petitions/:id/assignments', roles: [R, S, DEP] },
  { method: 'GET', path: '/v1/departments', roles: [R, S, DEP] },
  { method: 'POST', path: '/v1/departments', roles: [S] },
  { method: '*', path: '/v1/departments/**', roles: [] },
  { method: 'GET', path: '/v1/assignments', roles: [S] },
  { method: 'GET', path: '/v1/department/inbox', roles: [DEP] },
  { method: 'GET', path: '/v1/department/stream', roles: [DEP] },
  { method: '*', path: '/v1/petitions/:id/drafts/**', roles: [R, S] },

  // Analysis, clauses and drafting (also what the evaluation harness calls).
  { method: 'POST', path: '/v1/analyze', roles: [R, S, E] },
  { method: 'GET', path: '/v1/info', roles: 'any' },
  { method: 'POST', path: '/v1/draft', roles: [R, E] },
  { method: 'POST', path: '/v1/clauses/recommend', roles: [R, S, E] },
  { method: 'GET', path: '/v1/clauses/**', roles: [R, S, E] },

  // Red alerts and clusters: dispatch handles them, supervisors watch them.
  { method: 'GET', path: '/v1/alerts/**', roles: [D, S] },
  { method: '*', path: '/v1/alerts/**', roles: [D] },
  { method: 'GET', path: '/v1/clusters/**', roles: [D, S] },

  // Evaluation reports; the case-file verifier.
  { method: 'GET', path: '/v1/audit/verify', roles: [S] },

  // Keys are admin-only (explicit, though the /v1 default would say the same).
  { method: '*', path: '/v1/keys/**', roles: [] },

  // Web pages and their event streams (issue 17). A page shows the data of an API route, so it is granted to
  // that route's roles and never more; a page or stream with no row here is refused to all but admin.
  // (http/auth/page-policy.test.ts walks every mounted route for every role, and checks each row has a route.)
  { method: 'GET', path: '/', roles: [R, D, S, E, DEP] }, // a redirect to the role's own first page
  { method: 'GET', path: '/reception', roles: [R, D, S] }, // the recent petitions: GET /v1/petitions
  { method: 'POST', path: '/reception', roles: [R] },
  { method: 'GET', path: '/petitions', roles: [R, D, S] }, // GET /v1/search/petitions
  { method: 'GET', path: '/petitions.csv', roles: [R, D, S] }, // GET /v1/exports/petitions.csv
  { method: 'POST', path: '/petitions/bulk', roles: [R, S] },
  // GET /v1/petitions/:id; the page shows the case file and drafts only to the roles of their API routes.
  { method: 'GET', path: '/petitions/:id', roles: [R, D, S] },
  { method: 'GET', path: '/petitions/:id/reply/**', roles: [R, S] },
  { method: 'GET', path: '/petitions/:id/reply.docx', roles: [R, S] },
  { method: 'POST', path: '/petitions/:id/transition', roles: [R, S] },
  { method: 'POST', path: '/petitions/:id/follow-up', roles: [R, S] },
  { method: 'POST', path: '/petitions/:id/assign', roles: [R, S] },
  { method: 'POST', path: '/petitions/:id/assessment', roles: [R, S] },
  { method: 'POST', path: '/petitions/:id/notice', roles: [S] },
  { method: 'POST', path: '/petitions/:id/drafts/:version/approve', roles: [S] },
  { method: 'POST', path: '/petitions/:id/drafts/**', roles: [R, S] },
  // Red alerts: the board and its live stream are GET /v1/alerts and /v1/alerts/stream; acting is dispatch's.
  { method: 'GET', path: '/dispatch', roles: [D, S] },
  { method: 'GET', path: '/dispatch/stream', roles: [D, S] },
  { method: 'POST', path: '/dispatch/**', roles: [D] },
  // Overdue cases, the 督办 queue and follow-up results: those who move cases and record follow-ups.
  { method: 'GET', path: '/supervision', roles: [R, S] },
  // Counts only, no petition or identity; not for evaluators, who work on test text, not on cases.
  { method: 'GET', path: '/dashboard/**', roles: [R, D, S] },
  // Saved evaluation reports: GET /v1/eval/**.
  { method: 'GET', path: '/evaluators/**', roles: [E] },
  // A department key sees only its own cases, on its own page.
  { method: 'GET', path: '/department', roles: [DEP] },
  { method: 'POST', path: '/department/**', roles: [DEP] },
];

/** Which identity fields of a petitioner each role may see unmasked (GET /v1/petitions/:id?reveal=...). */
export const PII_ACCESS: Record<Role, { fields: readonly string[]; redOnly?: readonly string[] }> = {
  reception: { fields: ['name', 'id_number', 'phone', 'address', 'text'] },
  supervisor: { fields: ['name', 'id_number', 'phone', 'address', 'text'] },
  admin: { fields: ['name', 'id_number', 'phone', 'address', 'text'] },
  // Dispatch calls back on a red alert: the phone number, and only for a red-risk petition.
  dispatch: { fields: [], redOnly: ['phone'] },
  evaluator: { fields: [] },
  department: { fields: [] },
};

export type Decision = { kind: 'public' } | { kind: 'roles'; roles: 'any' | Role[]; rule: string };

interface Compiled {
  methods: string[];
  re: RegExp;
  rule: PolicyRule;
}

function compile(rule: PolicyRule): Compiled {
  let p = rule.path;
  const tail = p.endsWith('/**');
  if (tail) p = p.slice(0, -3);
  const body = p
    .split('/')
    .map((seg) => (seg.startsWith(':') ? '[^/]+' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  const methods = (Array.isArray(rule.method) ? rule.method : [rule.method]).map((m) => m.toUpperCase());
  return { methods, re: new RegExp(`^${body}${tail ? '(?:/.*)?' : ''}/?$`), rule };
}

/** Compiles a policy table into a decision function: (method, path) → who may call it. */
export function createPolicy(rules: PolicyRule[] = POLICY) {
  const compiled = rules.map(compile);
  return (method: string, path: string): Decision => {
    const m = method.toUpperCase() === 'HEAD' ? 'GET' : method.toUpperCase();
    for (const c of compiled) {
      if (!c.re.test(path) || !(c.methods.includes('*') || c.methods.includes(m))) continue;
      if (c.rule.roles === 'public') return { kind: 'public' };
      return { kind: 'roles', roles: c.rule.roles, rule: `${c.methods.join(',')} ${c.rule.path}` };
    }
    return { kind: 'roles', roles: [], rule: 'default: admin only' };
  };
}

/** True when the role may make a request under the decision (admin always may). */
export const allows = (d: Decision, role: Role) =>
  d.kind === 'public' || role === 'admin' || d.roles === 'any' || d.roles.includes(role);
