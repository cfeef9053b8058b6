import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './app-env.ts';
import { createPolicy, type Decision } from './auth/policy.ts';

/** The name of the bearer scheme in components.securitySchemes. */
export const BEARER_SCHEME = 'bearerAuth';

const ROLE_NAMES: Record<string, string> = {
  reception: '受理（reception）',
  dispatch: '调度（dispatch）',
  supervisor: '督办（supervisor）',
  evaluator: '评测（evaluator）',
};

type DocConfig = Parameters<OpenAPIHono<AppEnv>['getOpenAPI31Document']>[0];

const DOC_CONFIG: DocConfig = {
  openapi: '3.1.0',
  info: {
    title: 'xinfang-assist 信访智能助手',
    version: '0.1.0',
    description:
      '信访事项登记、情绪识别、法条推送、答复起草与风险预警的接口。除 /healthz 与本文档外，所有 /v1 接口都要求 API 密钥：' +
      '请求头 `Authorization: Bearer <密钥>`；每个接口允许的角色写在其说明中（src/http/auth/policy.ts 为准）。',
  },
  // Relative: the document is valid wherever it is served (directly, or behind a reverse proxy under its own name).
  servers: [{ url: '/', description: '提供本文档的服务本身（相对地址）' }],
};

type Operation = { description?: string; security?: Record<string, string[]>[]; responses?: Record<string, unknown> };
type Doc = ReturnType<OpenAPIHono<AppEnv>['getOpenAPI31Document']>;

// ErrorSchema is registered as components.schemas.Error by the routes that declare ERRORS.
const errorBody = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});
const AUTH_RESPONSES = {
  401: errorBody('缺少 API 密钥，或密钥未知、已吊销（WWW-Authenticate: Bearer）'),
  403: errorBody('该密钥的角色无权调用此接口'),
  429: errorBody('该密钥请求过多（按密钥限流），Retry-After 给出等待秒数'),
};

// Any operation can answer these (http/errors.ts, http/fair-turns.ts), so each route need not list them.
const SERVER_RESPONSES = {
  500: errorBody('内部错误（不含堆栈；error.request_id 对应服务日志）'),
  503: errorBody('服务繁忙（排队已满）或数据库暂不能写入，Retry-After 给出等待秒数'),
};

/** `/v1/petitions/{id}` → `/v1/petitions/x`: a concrete path the policy table can match. */
const samplePath = (path: string) => path.replace(/\{[^}]+\}/g, 'x');

function rolesText(decision: Exclude<Decision, { kind: 'public' }>): string {
  if (decision.roles === 'any') return '任何已登录角色';
  const names = decision.roles.map((r) => ROLE_NAMES[r] ?? r);
  return [...names, '管理员（admin）'].join('、');
}

/**
 * Adds what the route declarations cannot know by themselves, from the same policy table the auth middleware
 * enforces: the bearer scheme, each operation's security (none for public ones), the roles allowed, and the
 * 401 / 403 / 429 responses every authenticated operation can give; and the 500 / 503 any operation can give.
 */
export function describeSecurity(doc: Doc): Doc {
  const decide = createPolicy();
  doc.components = {
    ...doc.components,
    securitySchemes: {
      [BEARER_SCHEME]: {
        type: 'http',
        scheme: 'bearer',
        description: 'API 密钥（管理员用 POST /v1/keys 创建）；网页登录使用会话 Cookie，不在本文档内。',
      },
    },
  };
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(item as Record<string, Operation>)) {
      if (!op || typeof op !== 'object' || !('responses' in op)) continue;
      op.responses = { ...SERVER_RESPONSES, ...op.responses };
      const decision = decide(method, samplePath(path));
      if (decision.kind === 'public') {
        op.security = [];
        continue;
      }
      op.security = [{ [BEARER_SCHEME]: [] }];
      const roles = `允许的角色：${rolesText(decision)}。`;
      op.description = op.description ? `${op.description}\n\n${roles}` : roles;
      op.responses = { ...op.responses, ...AUTH_RESPONSES };
    }
  }
  return doc;
}

/** Serves the OpenAPI 3.1 document at `path`, built once on first request (the routes never change after start). */
export function serveOpenApi(app: OpenAPIHono<AppEnv>, path = '/openapi.json') {
  let doc: Doc | undefined;
  app.get(path, (c) => {
    doc ??= describeSecurity(app.getOpenAPI31Document(structuredClone(DOC_CONFIG)));
    return c.json(doc);
  });
}
