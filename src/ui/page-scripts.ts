import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import type { AppEnv } from '../http/app-env.ts';

/** Where page scripts are served: public (they are constants of the code, never data), cached by content. */
export const SCRIPT_PREFIX = '/assets/js/';

// Content-addressed: a page's script is served from a URL named by its hash, so the Content-Security-Policy
// needs no 'unsafe-inline'. Entries are the few constant scripts the pages render (focus an error list, the
// dispatch stream), so the table stays small.
const scripts = new Map<string, string>();

/** The URL of a page script (registered on first use). */
export function scriptUrl(source: string): string {
  const name = `${createHash('sha256').update(source).digest('hex').slice(0, 20)}.js`;
  if (!scripts.has(name)) scripts.set(name, source);
  return SCRIPT_PREFIX + name;
}

/** Serves the page scripts registered by rendering; an unknown name is 404. */
export function pageScriptRoutes() {
  const app = new Hono<AppEnv>();
  app.get(`${SCRIPT_PREFIX}:name`, (c) => {
    const source = scripts.get(c.req.param('name'));
    if (source === undefined) return c.text('未找到', 404);
    return c.body(source, 200, {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'public, max-age=31536000, immutable',
    });
  });
  return app;
}
