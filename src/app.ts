import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import type { Deps } from './deps.ts';
import { AppError } from './errors.ts';
import type { AppEnv } from './http/app-env.ts';
import { keyRoutes } from './http/auth/key-routes.ts';
import { loginRoutes } from './http/auth/login-routes.ts';
import { authMiddleware } from './http/auth/middleware.ts';
import { AUTH_FAILURES, createFailureLimiter, createRateLimiter } from './http/auth/rate-limit.ts';
import { createStreamGuard } from './http/auth/stream-guard.ts';
import { createTurns, fairTurns } from './http/fair-turns.ts';
import { inputGuard } from './http/input-guard.ts';
import { serveOpenApi } from './http/openapi.ts';
import { createErrorHandler, validationResponse } from './http/errors.ts';
import { alertRoutes } from './http/routes/alerts.ts';
import { analysisRoutes } from './http/routes/analysis.ts';
import { documentApiRoutes } from './ui/document-routes.ts';
import { assignmentRoutes } from './http/routes/assignments.ts';
import { bulkRoutes } from './http/routes/bulk.ts';
import { draftRoutes } from './http/routes/drafts.ts';
import { infoRoutes } from './http/routes/info.ts';
import { opsRoutes } from './http/routes/ops.ts';
import { petitionRoutes } from './http/routes/petitions.ts';
import { forbiddenPage } from './ui/forbidden-page.tsx';
import { uiRoutes } from './ui/index.ts';
import { loginPage } from './ui/login-page.tsx';
import { pageScriptRoutes } from './ui/page-scripts.ts';
import { securityHeaders } from './http/security-headers.ts';

/** Largest accepted request body: a 20,000-character petition with metadata is far below it. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Builds a fresh app around the given dependencies; no I/O happens here. */
export function createApp(deps: Deps) {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success)
        return validationResponse(c, result.error, result.target === 'json' ? 'body' : result.target);
    },
  });

  app.use(requestId());
  // Outermost, so error answers carry them too: CSP, no-store, frame protection (http/security-headers.ts).
  app.use(securityHeaders());
  app.use(async (c, next) => {
    c.set('actor', 'anonymous');
    c.set('role', 'anonymous');
    c.set('csrfToken', undefined);
    const started = performance.now();
    await next();
    deps.log.info('request', {
      request_id: c.var.requestId,
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
      // Behind a reverse proxy (docs/operations.md) the caller's address arrives here; the log keeps it as sent.
      ...(c.req.header('x-forwarded-for') ? { forwarded_for: c.req.header('x-forwarded-for') } : {}),
    });
  });
  app.use(
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new AppError(413, 'payload_too_large', `请求内容超过 ${MAX_BODY_BYTES} 字节的上限`);
      },
    }),
  );
  // One policy table decides who may call what (http/auth/policy.ts); routes need not check roles.
  const limiter = createRateLimiter({
    perMin: deps.config.RATE_LIMIT_PER_MIN,
    burst: deps.config.RATE_LIMIT_BURST,
    now: () => deps.clock.now().getTime(),
    buckets: deps.rateBuckets,
  });
  const failures = createFailureLimiter({
    ...AUTH_FAILURES,
    now: () => deps.clock.now().getTime(),
    buckets: deps.rateBuckets,
  });
  // Open event streams end when the key is revoked or the session expires or logs out (issue 17).
  const streams = createStreamGuard({
    stillValid: (cred) =>
      cred.sessionToken ? deps.sessions.find(cred.sessionToken) !== null : deps.keys.isActive(cred.keyId),
  });
  const pages = { login: loginPage, forbidden: forbiddenPage };
  app.use(authMiddleware({ keys: deps.keys, sessions: deps.sessions, limiter, failures, streams, pages }));
  app.use(inputGuard());
  // After the body is read: each request's work waits its turn, so the loop keeps accepting connections.
  const turns = createTurns();
  app.use(fairTurns({ maxQueued: deps.config.QUEUE_LIMIT, turns }));
  if (deps.groupCommit) {
    const group = deps.groupCommit;
    // A batch stays open while requests wait for their turn; each is answered once what it wrote has committed.
    group.holdWhile(() => turns.queued > 0);
    app.use(async (_c, next) => {
      const since = group.mark();
      await next();
      await group.settled(since).catch((e) => {
        throw new AppError(
          503,
          'commit_failed',
          `写入数据库时提交失败，本次请求的内容没有保存，请稍后重试（${String(e)}）`,
        );
      });
    });
  }

  app.route('/', opsRoutes(deps));
  app.route('/', petitionRoutes(deps));
  app.route('/', analysisRoutes(deps));
  app.route('/', draftRoutes(deps));
  app.route('/', assignmentRoutes(deps));
  app.route('/', bulkRoutes(deps));
  app.route('/', documentApiRoutes(deps));
  app.route('/', infoRoutes(deps));
  app.route('/', alertRoutes(deps));
  app.route('/', keyRoutes(deps, { streams }));
  app.route('/', loginRoutes(deps, { streams, pages }));
  app.route('/', pageScriptRoutes());
  app.route('/', uiRoutes(deps));

  // Security, roles and the 401/403/429 answers come from the policy table (http/openapi.ts), not from each route.
  serveOpenApi(app);
  app.notFound((c) =>
    c.json({ error: { code: 'not_found', message: `没有这个接口：${c.req.method} ${c.req.path}`, issues: [] } }, 404),
  );
  app.onError(createErrorHandler(deps.log));
  return app;
}

export type App = ReturnType<typeof createApp>;
