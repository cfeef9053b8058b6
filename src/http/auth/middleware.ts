import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { AppEnv } from '../app-env.ts';
import type { ErrorBody } from '../errors.ts';
import { formatActor } from './actor.ts';
import { sameSecret, type KeyStore, type Principal } from './key-store.ts';
import { allows, createPolicy } from './policy.ts';
import { clientAddress } from './client-address.ts';
import type { FailureLimiter, RateLimiter } from './rate-limit.ts';
import type { Session, SessionStore } from './session-store.ts';
import type { StreamGuard } from './stream-guard.ts';

export const SESSION_COOKIE = 'xf_session';
export const CSRF_HEADER = 'x-csrf-token';
export const CSRF_FIELD = '_csrf';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Sends the shared error body; used here because a middleware answers before any route runs. */
export function deny(
  c: Context,
  status: 401 | 403 | 429,
  code: string,
  message: string,
  headers: Record<string, string> = {},
) {
  const body: ErrorBody = { error: { code, message, issues: [], request_id: c.get('requestId') } };
  return c.json(body, status, headers);
}

/**
 * The pages auth answers a browser with: the sign-in form and the 403 page. Rendered by ui/ and passed in by
 * app.ts, so that http/ never imports the pages (the pages import http/auth for roles and policy).
 */
export interface AuthPages {
  login(next: string, error?: string): string;
  forbidden(user: { name: string; role: string; csrf?: string }): string;
}

/** Collapses repeated slashes so `//v1/keys` cannot slip past the /v1 default. */
const policyPath = (path: string) => path.replace(/\/{2,}/g, '/');

async function csrfOk(c: Context, session: Session): Promise<boolean> {
  const header = c.req.header(CSRF_HEADER);
  if (header) return sameSecret(header, session.csrfToken);
  const type = c.req.header('content-type') ?? '';
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(type)) return false;
  const form = await c.req.parseBody();
  const field = form[CSRF_FIELD];
  return typeof field === 'string' && sameSecret(field, session.csrfToken);
}

const wantsPage = (c: Context) =>
  !c.req.path.startsWith('/v1') && SAFE_METHODS.has(c.req.method) && /text\/html/.test(c.req.header('accept') ?? '');

/** 429 for an address with too many wrong keys: the sign-in page again for a browser's form, JSON otherwise. */
function tooManyFailures(c: Context, retryAfterS: number, pages: AuthPages) {
  const message = `该地址密钥验证失败次数过多，请 ${retryAfterS} 秒后再试`;
  const headers = { 'Retry-After': String(retryAfterS) };
  if (/^application\/x-www-form-urlencoded|^multipart\/form-data/i.test(c.req.header('content-type') ?? ''))
    return c.html(pages.login('/', `${message}。`), 429, headers);
  return deny(c, 429, 'rate_limited', message, headers);
}

const isStream = (res: Response) =>
  /^text\/event-stream/i.test(res.headers.get('content-type') ?? '') && res.body !== null;

/**
 * Authenticates (Bearer key, or the session cookie of the web pages), checks the role against the policy
 * table, checks CSRF on cookie-authenticated writes, and applies the per-key rate limit. Wrong keys (Bearer
 * or at POST /login) are limited per client address; event streams are handed to the stream guard, which
 * ends them when their key or session ends.
 */
export function authMiddleware(opts: {
  keys: KeyStore;
  sessions: SessionStore;
  limiter: RateLimiter;
  failures: FailureLimiter;
  streams: StreamGuard;
  pages: AuthPages;
}): MiddlewareHandler<AppEnv> {
  const decide = createPolicy();
  return async (c, next) => {
    const decision = decide(c.req.method, policyPath(c.req.path));
    let principal: Principal | null = null;
    let session: Session | null = null;
    let sessionToken: string | undefined;
    const authz = c.req.header('authorization');
    const login = c.req.method === 'POST' && policyPath(c.req.path) === '/login';
    if ((authz !== undefined && authz !== '') || login) {
      // Refused before the key is checked: a blocked guesser learns nothing from the answer.
      const wait = opts.failures.retryAfterS(clientAddress(c));
      if (wait) return tooManyFailures(c, wait, opts.pages);
    }
    if (authz !== undefined) {
      const m = /^Bearer\s+(\S+)\s*$/i.exec(authz);
      principal = m ? opts.keys.authenticate(m[1]) : null;
      if (!principal && m) opts.failures.fail(clientAddress(c));
      if (!principal && decision.kind !== 'public') {
        return deny(c, 401, 'unauthorized', m ? '密钥无效或已吊销' : '请以 Authorization: Bearer <密钥> 提交密钥', {
          'WWW-Authenticate': 'Bearer',
        });
      }
    } else {
      sessionToken = getCookie(c, SESSION_COOKIE);
      session = sessionToken ? opts.sessions.find(sessionToken) : null;
      principal = session;
    }

    // The recorded actor is the credential's (name, role, key id); a body's `actor` never is (actor.ts).
    c.set('actor', principal ? formatActor(principal) : 'anonymous');
    c.set('role', principal?.role ?? 'anonymous');
    c.set('keyId', principal?.keyId);
    c.set('csrfToken', session?.csrfToken);
    if (decision.kind === 'public') {
      await next();
      // A wrong key at /login counts against the address like a wrong Bearer key.
      if (login && c.res.status === 401) opts.failures.fail(clientAddress(c));
      return;
    }

    if (!principal) {
      if (wantsPage(c)) return c.redirect(`/login?next=${encodeURIComponent(c.req.path)}`, 303);
      return deny(c, 401, 'unauthorized', '该接口需要密钥：Authorization: Bearer <密钥>', {
        'WWW-Authenticate': 'Bearer',
      });
    }
    if (!allows(decision, principal.role)) {
      if (wantsPage(c))
        return c.html(
          opts.pages.forbidden({ name: principal.name, role: principal.role, csrf: session?.csrfToken }),
          403,
        );
      return deny(c, 403, 'forbidden', `当前角色（${principal.role}）无权访问 ${c.req.method} ${c.req.path}`);
    }
    if (session && !SAFE_METHODS.has(c.req.method) && !(await csrfOk(c, session))) {
      return deny(
        c,
        403,
        'csrf_failed',
        `使用登录会话提交的表单或请求须带上防伪令牌（${CSRF_FIELD} 字段或 ${CSRF_HEADER} 请求头）`,
      );
    }
    const taken = opts.limiter.take(principal.keyId);
    if (!taken.ok) {
      return deny(c, 429, 'rate_limited', `密钥 ${principal.name} 的请求过于频繁，请 ${taken.retryAfterS} 秒后再试`, {
        'Retry-After': String(taken.retryAfterS),
      });
    }
    await next();
    if (isStream(c.res)) {
      const credential =
        session && sessionToken ? { keyId: principal.keyId, sessionToken } : { keyId: principal.keyId };
      c.res = new Response(opts.streams.track(c.res.body!, credential), c.res);
    }
  };
}
