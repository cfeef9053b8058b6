import { resolve } from 'node:path';
import { Hono } from 'hono';
import type { Deps } from '../http/app-deps.ts';
import type { AppEnv } from '../http/app-env.ts';
import { dashboardRoutes } from './dashboard.tsx';
import { departmentRoutes } from './department-pages.tsx';
import { dispatchRoutes } from './dispatch.tsx';
import { createUiErrorHandler } from './error-page.tsx';
import { evaluatorRoutes } from './evaluators.tsx';
import { homeOf } from './layout.tsx';
import { receptionRoutes } from './reception.tsx';
import { documentRoutes } from './reply-print.tsx';
import { searchRoutes } from './search-page.tsx';
import { bulkRoutes } from './bulk-actions.tsx';
import { supervisionRoutes } from './supervision.tsx';

/** Where the evaluation harness writes its reports by default (eval/cli.ts). */
export const DEFAULT_REPORTS_DIR = 'eval/reports';

export interface UiOptions {
  /** Folder of saved evaluation reports; else config EVAL_REPORTS_DIR (default eval/reports). */
  reportsDir?: string;
}

/**
 * All server-rendered pages, each module given the parts of `deps` it uses; mounted once in createApp with
 * `app.route('/', uiRoutes(deps))`. The request context carries only per-request values (role, actor, CSRF token).
 */
export function uiRoutes(deps: Deps, opts: UiOptions = {}) {
  const app = new Hono<AppEnv>();
  const reportsDir = () => resolve(opts.reportsDir ?? deps.config.EVAL_REPORTS_DIR ?? DEFAULT_REPORTS_DIR);
  // Each role lands on the first page it may open (an evaluator on /evaluators, a department key on /department).
  app.get('/', (c) => c.redirect(homeOf(c.var.role) ?? '/reception', 302));
  app.route('/', documentRoutes(deps));
  app.route('/', searchRoutes(deps));
  app.route('/', bulkRoutes(deps));
  app.route('/', departmentRoutes(deps));
  app.route('/', receptionRoutes(deps));
  app.route('/', dispatchRoutes(deps));
  app.route('/', supervisionRoutes(deps));
  app.route('/', dashboardRoutes(deps));
  app.route('/', evaluatorRoutes({ reportsDir }));
  app.onError(createUiErrorHandler(deps.log));
  return app;
}
