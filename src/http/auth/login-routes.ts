import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Deps } from '../app-deps.ts';
import type { AppEnv } from '../app-env.ts';
import { ErrorSchema, ok } from '../schemas.ts';
import { parseActor } from './actor.ts';
import { sameSecret } from './key-store.ts';
import { CSRF_FIELD, CSRF_HEADER, SESSION_COOKIE, deny, type AuthPages } from './middleware.ts';
import type { StreamGuard } from './stream-guard.ts';

/** Only same-site paths: `/ui/cases`, never `//evil.example` or `https://…` (no open redirect). */
export const safeNext = (next: unknown) => (typeof next === 'string' && /^\/(?![/\\])[^\s]*$/.test(next) ? next : '/');

const isHttps = (c: Context) =>
  new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';

async function readLogin(c: Context): Promise<{ key: string; next: string; form: boolean }> {
  const type = c.req.header('content-type') ?? '';
  if (/^application\/json/i.test(type)) {
    const raw: unknown = await c.req.json().catch(() => ({}));
    // Valid JSON need not be an object (`null`, `3`): anything else signs nobody in, it is not a server error.
    const body = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
    return { key: typeof body.key === 'string' ? body.key : '', next: safeNext(body.next), form: false };
  }
  const body = await c.req.parseBody();
  return { key: typeof body.key === 'string' ? body.key.trim() : '', next: safeNext(body.next), form: true };
}

/** Sign-in for the web pages: POST /login with a key opens a session cookie; POST /logout ends it. */
export function loginRoutes(
  deps: Pick<Deps, 'keys' | 'sessions'>,
  opts: { streams?: StreamGuard; pages: Pick<AuthPages, 'login'> },
) {
  const loginPage = opts.pages.login;
  const app = new OpenAPIHono<AppEnv>();

  app.get('/login', (c) => c.html(loginPage(safeNext(c.req.query('next')))));

  app.openAPIRegistry.registerPath({
    method: 'post',
    path: '/login',
    operationId: 'signIn',
    tags: ['keys'],
    summary:
      "Sign in for the web pages with an API key: a session cookie (HttpOnly, SameSite=Strict); JSON in, JSON out for a page's script, a form post is redirected (303) to next",
    request: {
      body: {
        required: true,
        content: {
          'application/json': { schema: z.object({ key: z.string(), next: z.string().optional() }) },
          'application/x-www-form-urlencoded': { schema: z.object({ key: z.string(), next: z.string().optional() }) },
        },
      },
    },
    responses: {
      200: ok(
        z.object({ name: z.string(), role: z.string(), csrf_token: z.string(), expires_at: z.string() }),
        'Signed in (JSON request): the session cookie is set; send csrf_token with every write',
      ),
      303: { description: 'Signed in (form post): redirected to next, a same-site path' },
      401: {
        description: 'Unknown or revoked key (the sign-in page again for a form post)',
        content: { 'application/json': { schema: ErrorSchema }, 'text/html': { schema: z.string() } },
      },
      429: {
        description: 'Too many wrong keys from this address; Retry-After gives seconds',
        content: { 'application/json': { schema: ErrorSchema }, 'text/html': { schema: z.string() } },
      },
    },
  });
  app.post('/login', async (c) => {
    const { key, next, form } = await readLogin(c);
    const principal = key ? deps.keys.authenticate(key) : null;
    if (!principal) {
      if (form) return c.html(loginPage(next, '密钥无效或已吊销，请核对后重试。'), 401);
      return deny(c, 401, 'unauthorized', '密钥无效或已吊销');
    }
    const { token, session } = deps.sessions.open(principal);
    setCookie(c, SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'Strict',
      secure: isHttps(c),
      path: '/',
      expires: new Date(session.expiresAt),
    });
    if (form) return c.redirect(next, 303);
    return c.json(
      { name: session.name, role: session.role, csrf_token: session.csrfToken, expires_at: session.expiresAt },
      200,
    );
  });

  app.post('/logout', async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    const session = token ? deps.sessions.find(token) : null;
    if (token && session) {
      const type = c.req.header('content-type') ?? '';
      const form = /^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(type)
        ? await c.req.parseBody()
        : {};
      const given = c.req.header(CSRF_HEADER) ?? form[CSRF_FIELD];
      if (typeof given !== 'string' || !sameSecret(given, session.csrfToken)) {
        return deny(
          c,
          403,
          'csrf_failed',
          `退出登录须带上本会话的防伪令牌（${CSRF_FIELD} 字段或 ${CSRF_HEADER} 请求头）`,
        );
      }
      deps.sessions.close(token);
      opts.streams?.sweep(); // the session's open event streams end with it
    }
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.redirect('/login', 303);
  });

  /** For pages' scripts: who is signed in, and the CSRF token to send with writes. */
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/v1/session',
    operationId: 'getSession',
    tags: ['keys'],
    summary: "Who is calling: the credential's name and role, and the session's CSRF token (null for an API key)",
    responses: {
      200: ok(z.object({ name: z.string(), role: z.string(), csrf_token: z.string().nullable() }), 'The caller'),
    },
  });
  app.get('/v1/session', (c) =>
    c.json({ name: parseActor(c.var.actor).name, role: c.var.role, csrf_token: c.var.csrfToken ?? null }, 200),
  );
  return app;
}
