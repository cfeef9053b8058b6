import type { Context } from 'hono';
import type { Analysis, Analyzer } from '../analysis/analyzer.ts';
import type { AppEnv } from '../http/app-env.ts';

/**
 * The analysis a petition page shows: the one stored at registration (older records, or a registration with
 * triage only, hold just emotion, category and risk), else a fresh one. Hence every part may be missing.
 */
export type ShownAnalysis = Partial<Analysis>;

/** How many recommended articles and similar cases the petition page shows. */
export const CLAUSES_SHOWN = 5;
export const SIMILAR_SHOWN = 3;

/** The combined analysis of a petition, run afresh for a record stored without one. */
export function analyse(analyzer: Pick<Analyzer, 'analyze'>, text: string, title: string | null): Analysis {
  return analyzer.analyze({ text, title: title ?? undefined, clausesK: CLAUSES_SHOWN, similarK: SIMILAR_SHOWN });
}

/** The session's CSRF token for forms, when the pages are signed in with a cookie (http/auth). */
export function csrfOf(c: Context<AppEnv>): string | undefined {
  return c.var.csrfToken;
}
