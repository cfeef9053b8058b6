import { resolve } from 'node:path';
import { Hono } from 'hono';
import type { AppEnv } from '../http/app-env.ts';
import { dashboardRoutes } from './dashboard.tsx';
import { departmentRoutes } from './department-pages.tsx';
import { dispatchRoutes } from './dispatch.tsx';
import { uiErrorHandler } from './error-page.tsx';
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

/** All server-rendered pages; mounted once in createApp with `app.route('/', uiRoutes())`. */
export function uiRoutes(opts: UiOptions = {}) {
  const app = new Hono<AppEnv>();
  const reportsDir = (c: { var: AppEnv['Variables'] }) => {
    return resolve(opts.reportsDir ?? c.var.deps.config.EVAL_REPORTS_DIR ?? DEFAULT_REPORTS_DIR);
  };
  // Each role lands on the first page it may open (an evaluator on /evaluators, a department key on /department).
  app.get('/', (c) => c.redirect(homeOf(c.var.role) ?? '/reception', 302));
  app.route('/', documentRoutes());
  app.route('/', searchRoutes());
  app.route('/', bulkRoutes());
  app.route('/', departmentRoutes());
  app.route('/', receptionRoutes());
  app.route('/', dispatchRoutes());
  app.route('/', supervisionRoutes());
  app.route('/', dashboardRoutes());
  app.route('/', evaluatorRoutes({ reportsDir }));
  app.onError(uiErrorHandler);
  return app;
}
