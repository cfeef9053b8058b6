import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import {
  AssessmentInputSchema,
  AssignmentInputSchema,
  DepartmentInputSchema,
  ExtensionDecisionInputSchema,
  ExtensionRequestInputSchema,
  FindingsInputSchema,
  NoticeInputSchema,
} from '../../cases/assignment-schema.ts';
import { tx } from '../../store/db.ts';
import { bodyOf } from '../actor-body.ts';
import type { Deps } from '../app-deps.ts';
import type { AppEnv } from '../app-env.ts';
import { toApi } from '../casing.ts';
import { AssignmentSchema, DepartmentKeySchema, DepartmentSchema, NoticeSchema } from '../assignment-schemas.ts';
import { ERRORS, PetitionIdParam, PetitionSchema, jsonBody, ok } from '../schemas.ts';
import { hubStream } from './hub-stream.ts';

const DepParam = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'id', in: 'path' }, example: 'dep-1a2b3c4d5e' }),
});

const current = (suffix: string) => `/v1/petitions/{id}/assignments/current/${suffix}`;
const base = <B extends z.ZodType>(path: string, operationId: string, summary: string, body: B) => ({
  method: 'post' as const,
  path,
  operationId,
  tags: ['departments'],
  summary,
  request: { params: path.startsWith('/v1/departments/') ? DepParam : PetitionIdParam, ...jsonBody(body) },
});
const post = <B extends z.ZodType, R extends z.ZodType>(
  path: string,
  operationId: string,
  summary: string,
  body: B,
  response: R,
) => createRoute({ ...base(path, operationId, summary, body), responses: { 200: ok(response, 'Done'), ...ERRORS } });
const create = <B extends z.ZodType, R extends z.ZodType>(
  path: string,
  operationId: string,
  summary: string,
  body: B,
  response: R,
) => createRoute({ ...base(path, operationId, summary, body), responses: { 201: ok(response, 'Created'), ...ERRORS } });

const routes = {
  departments: createRoute({
    method: 'get',
    path: '/v1/departments',
    operationId: 'listDepartments',
    tags: ['departments'],
    summary: "承办单位: the configured departments (the routing table's receivers and those added)",
    responses: {
      200: ok(z.object({ items: z.array(DepartmentSchema) }), 'The departments'),
      401: ERRORS[401],
      403: ERRORS[403],
    },
  }),
  addDepartment: createRoute({
    method: 'post',
    path: '/v1/departments',
    operationId: 'addDepartment',
    tags: ['departments'],
    summary: 'Add a department (承办单位) cases can be assigned to',
    request: jsonBody(bodyOf(DepartmentInputSchema)),
    responses: { 201: ok(DepartmentSchema, 'The department'), ...ERRORS },
  }),
  departmentKey: create(
    '/v1/departments/{id}/keys',
    'createDepartmentKey',
    'Create an API key of role department scoped to this department (shown once)',
    z.object({ name: z.string().trim().min(1).max(100) }).strict(),
    DepartmentKeySchema,
  ),
  assign: create(
    '/v1/petitions/{id}/assignments',
    'assignPetition',
    '交办: assign the case to a department with its own deadline (1–60 days)',
    bodyOf(AssignmentInputSchema),
    AssignmentSchema,
  ),
  list: createRoute({
    method: 'get',
    path: '/v1/petitions/{id}/assignments',
    operationId: 'listAssignments',
    tags: ['departments'],
    summary: 'The assignments of a case, oldest first; a department key sees only its own (404 otherwise)',
    request: { params: PetitionIdParam },
    responses: {
      200: ok(z.object({ items: z.array(AssignmentSchema) }), 'The assignments'),
      401: ERRORS[401],
      403: ERRORS[403],
      404: ERRORS[404],
    },
  }),
  findings: post(
    current('findings'),
    'reportFindings',
    '承办反馈: the department reports its findings (经查…), outcome (Art. 32) and attachments',
    bodyOf(FindingsInputSchema),
    AssignmentSchema,
  ),
  assess: post(
    current('assessment'),
    'assessFindings',
    'The office accepts the findings (the reply may follow) or returns them with a reason',
    bodyOf(AssessmentInputSchema),
    AssignmentSchema,
  ),
  askExtension: post(
    current('extension-request'),
    'requestAssignmentExtension',
    'The department asks for more days, with a reason',
    bodyOf(ExtensionRequestInputSchema),
    AssignmentSchema,
  ),
  decideExtension: post(
    current('extension-decision'),
    'decideAssignmentExtension',
    "A supervisor grants or refuses the department's extension request",
    bodyOf(ExtensionDecisionInputSchema),
    AssignmentSchema,
  ),
  notice: create(
    current('notice'),
    'sendSupervisionNotice',
    '督办 notice to the department handling the case; recorded in the case file',
    bodyOf(NoticeInputSchema),
    NoticeSchema,
  ),
  open: createRoute({
    method: 'get',
    path: '/v1/assignments',
    operationId: 'listOpenAssignments',
    tags: ['departments'],
    summary: 'Open assignments of every department, overdue (red) first: what supervisors chase',
    responses: {
      200: ok(z.object({ items: z.array(AssignmentSchema) }), 'Open assignments'),
      401: ERRORS[401],
      403: ERRORS[403],
    },
  }),
  inbox: createRoute({
    method: 'get',
    path: '/v1/department/inbox',
    operationId: 'departmentInbox',
    tags: ['departments'],
    summary: "A department key's own cases (petitioner masked) and the 督办 notices it received",
    request: { query: z.object({ all: z.enum(['true', 'false']).optional() }) },
    responses: {
      200: ok(
        z.object({
          department: DepartmentSchema,
          items: z.array(AssignmentSchema.extend({ petition: PetitionSchema })),
          notices: z.array(NoticeSchema),
        }),
        'The inbox',
      ),
      400: ERRORS[400],
      401: ERRORS[401],
      403: ERRORS[403],
    },
  }),
};

/** Departments (承办单位), assignments (交办), findings (承办反馈) and 督办 notices. */
export function assignmentRoutes(deps: Pick<Deps, 'assignments' | 'db' | 'keys' | 'alerts'>) {
  const app = new OpenAPIHono<AppEnv>();
  const scope = (c: { var: AppEnv['Variables'] }) => deps.assignments.scopeOf(c.var.role, c.var.keyId);

  app.openapi(routes.departments, (c) => c.json({ items: deps.assignments.departments() }, 200));
  app.openapi(routes.addDepartment, (c) => {
    return c.json(deps.assignments.addDepartment(c.req.valid('json').name, c.var.actor), 201);
  });
  app.openapi(routes.departmentKey, (c) => {
    const { id } = c.req.valid('param');
    const { name } = c.req.valid('json');
    const key = tx(deps.db, () => {
      const k = deps.keys.create({ name, role: 'department' }, c.var.actor);
      deps.assignments.bindKey(k.id, id);
      return k;
    });
    return c.json({ ...key, department_id: id }, 201);
  });
  // The actor is the credential's (c.var.actor); a body's `actor` is ignored (actor-body.ts).
  const by = <T extends object>(c: { var: AppEnv['Variables'] }, body: T) => ({ ...body, actor: c.var.actor });
  app.openapi(routes.assign, (c) =>
    c.json(deps.assignments.assign(c.req.valid('param').id, by(c, c.req.valid('json'))), 201),
  );
  app.openapi(routes.list, (c) => c.json({ items: deps.assignments.list(c.req.valid('param').id, scope(c)) }, 200));
  app.openapi(routes.findings, (c) =>
    c.json(deps.assignments.report(c.req.valid('param').id, by(c, c.req.valid('json')), scope(c)), 200),
  );
  app.openapi(routes.assess, (c) =>
    c.json(deps.assignments.assess(c.req.valid('param').id, by(c, c.req.valid('json'))), 200),
  );
  app.openapi(routes.askExtension, (c) =>
    c.json(deps.assignments.requestExtension(c.req.valid('param').id, by(c, c.req.valid('json')), scope(c)), 200),
  );
  app.openapi(routes.decideExtension, (c) =>
    c.json(deps.assignments.decideExtension(c.req.valid('param').id, by(c, c.req.valid('json'))), 200),
  );
  app.openapi(routes.notice, (c) =>
    c.json(deps.assignments.notice(c.req.valid('param').id, by(c, c.req.valid('json'))), 201),
  );
  app.openapi(routes.open, (c) => c.json({ items: deps.assignments.overdue() }, 200));
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/v1/department/stream',
    operationId: 'departmentStream',
    tags: ['departments'],
    summary:
      "Server-Sent Events for a department key: a 'notice' event (data: the 督办 notice as JSON) for each notice sent to its department",
    responses: {
      200: { description: 'An endless event stream', content: { 'text/event-stream': { schema: z.string() } } },
      401: ERRORS[401],
      403: ERRORS[403],
    },
  });
  app.openAPIRegistry.registerWebhook({
    method: 'post',
    path: 'notice',
    operationId: 'noticeWebhook',
    // The receiver checks X-Signature (HMAC with ALERT_WEBHOOK_SECRET), not a bearer key.
    security: [],
    tags: ['departments'],
    summary:
      'POSTed to ALERT_WEBHOOK_URL for each 督办 notice, signed and retried like the alert webhook (same headers)',
    request: {
      body: {
        required: true,
        content: { 'application/json': { schema: z.object({ event: z.literal('notice'), notice: NoticeSchema }) } },
      },
    },
    responses: { 200: { description: 'Any 2xx: delivered; anything else is retried' } },
  });
  app.get('/v1/department/stream', (c) => {
    const { departmentId } = scope(c);
    if (!departmentId)
      return c.json(
        { error: { code: 'not_a_department', message: '只有承办单位的密钥才能接收本单位的督办通知', issues: [] } },
        403,
      );
    // A department hears only the notices sent to it, never another department's or the alerts.
    return hubStream(
      c,
      deps.alerts,
      (stream, m) => {
        if (m.type === 'notice' && m.notice.department_id === departmentId)
          void stream.writeSSE({ event: 'notice', id: m.notice.id, data: JSON.stringify(m.notice) });
      },
      15_000,
    );
  });
  app.openapi(routes.inbox, (c) => {
    const { departmentId } = scope(c);
    if (!departmentId)
      return c.json(
        { error: { code: 'not_a_department', message: '只有承办单位的密钥才能查看本单位的待办', issues: [] } },
        403,
      );
    const department = deps.assignments.department(departmentId)!;
    return c.json(
      toApi({
        department,
        items: deps.assignments.inbox(departmentId, c.req.valid('query').all === 'true'),
        notices: deps.assignments.notices(departmentId),
      }),
      200,
    );
  });
  return app;
}
