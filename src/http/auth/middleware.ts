import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { AppEnv } from '../app-env.ts';
import type { ErrorBody } from '../errors.ts';
import { sameSecret, type KeyStore, type Principal } from './key-store.ts';
import { allows, createPolicy } from './policy.ts';
import type { RateLimiter } from './rate-limit.ts';
import type { Session, SessionStore } from './session-store.ts';

export const SESSION_COOKIE = 'xf_session';
export const CSRF_HEADER = 'x-csrf-token';
export const CSRF_FIELD = '_csrf';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Sends the shared error body; used here because a middleware answers before any route runs. */
export function deny(c: Context, status: 401 | 403 | 429, code: string, message: string, headers: Record<string, string> = {}) {
  const body: ErrorBody = { error: { code, message, issues: [], request_id: c.get('requestId') } };
  return c.json(body, status, headers);
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

const wantsPage = (c: Context) => !c.req.path.startsWith('/v1') && SAFE_METHODS.has(c.req.method) && /text\/html/.test(c.req.header('accept') ?? '');

/**
 * Authenticates (Bearer key, or the session cookie of the web pages), checks the role against the policy
 * table, checks CSRF on cookie-authenticated writes, and applies the per-key rate limit.
 */
export function authMiddleware(opts: { keys: KeyStore; sessions: SessionStore; limiter: RateLimiter }): MiddlewareHandler<AppEnv> {
  const decide = createPolicy();
  return async (c, next) => {
    const decision = decide(c.req.method, policyPath(c.req.path));
    let principal: Principal | null = null;
    let session: Session | null = null;
    const authz = c.req.header('authorization');
    if (authz !== undefined) {
      const m = /^Bearer\s+(\S+)\s*$/i.exec(authz);
      principal = m ? opts.keys.authenticate(m[1]) : null;
      if (!principal && decision.kind !== 'public') {
        return deny(c, 401, 'unauthorized', m ? 'the API key is unknown or revoked' : 'use Authorization: Bearer <key>', { 'WWW-Authenticate': 'Bearer' });
      }
    } else {
      const token = getCookie(c, SESSION_COOKIE);
      session = token ? opts.sessions.find(token) : null;
      principal = session;
    }

    c.set('actor', principal?.name ?? 'anonymous');
    c.set('role', principal?.role ?? 'anonymous');
    c.set('keyId', principal?.keyId);
    c.set('csrfToken', session?.csrfToken);
    if (decision.kind === 'public') return next();

    if (!principal) {
      if (wantsPage(c)) return c.redirect(`/login?next=${encodeURIComponent(c.req.path)}`, 303);
      return deny(c, 401, 'unauthorized', 'this route needs an API key: Authorization: Bearer <key>', { 'WWW-Authenticate': 'Bearer' });
    }
    if (!allows(decision, principal.role)) {
      return deny(c, 403, 'forbidden', `role ${principal.role} may not ${c.req.method} ${c.req.path}`);
    }
    if (session && !SAFE_METHODS.has(c.req.method) && !(await csrfOk(c, session))) {
      return deny(c, 403, 'csrf_failed', `a form or request sent with the session cookie needs its CSRF token (${CSRF_FIELD} field or ${CSRF_HEADER} header)`);
    }
    const taken = opts.limiter.take(principal.keyId);
    if (!taken.ok) {
      return deny(c, 429, 'rate_limited', `too many requests for key ${principal.name}; retry in ${taken.retryAfterS} s`, { 'Retry-After': String(taken.retryAfterS) });
    }
    return next();
  };
}
