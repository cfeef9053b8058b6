import { Hono } from 'hono';
import type { AppEnv } from '../http/app-env.ts';
import { uiErrorHandler } from './error-page.tsx';
import { receptionRoutes } from './reception.tsx';

/** All server-rendered pages; mounted once in createApp with `app.route('/', uiRoutes())`. */
export function uiRoutes() {
  const app = new Hono<AppEnv>();
  app.get('/', (c) => c.redirect('/reception', 302));
  app.route('/', receptionRoutes());
  app.onError(uiErrorHandler);
  return app;
}
