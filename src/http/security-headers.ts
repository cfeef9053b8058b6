import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './app-env.ts';

/**
 * Pages run only the scripts served from this origin (ui/page-scripts.ts), never inline ones; inline styles stay
 * (the layout's <style>, bar widths). No page may be framed by another site.
 */
export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-src 'self'",
  "frame-ancestors 'none'",
  "form-action 'self'",
  "base-uri 'none'",
  "object-src 'none'",
].join('; ');

/**
 * Headers on every answer: pages get the CSP, and every page or API answer (they show personal data, masked or
 * revealed) is `no-store`, so no browser or proxy cache keeps it. A route that set its own CSP (a report page
 * framed by the compare page) or cache policy (the page scripts) keeps it.
 */
export function securityHeaders(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    const h = c.res.headers;
    h.set('x-content-type-options', 'nosniff');
    h.set('referrer-policy', 'no-referrer');
    if (!h.has('x-frame-options')) h.set('x-frame-options', 'DENY');
    if (!h.has('cache-control')) h.set('cache-control', 'no-store');
    if (/^text\/html/i.test(h.get('content-type') ?? '') && !h.has('content-security-policy'))
      h.set('content-security-policy', PAGE_CSP);
  };
}
