import type { Context } from 'hono';
import type { AlertService } from '../alerts/alert-service.ts';
import type { ClauseHit, Route, SimilarCase } from '../clauses/types.ts';
import type { Deps } from '../deps.ts';
import type { CategoryResult, EmotionResult, RiskResult } from '../triage/types.ts';

/**
 * The pages read parts of the service that are built in parallel (analysis, drafts, alerts). Each part is
 * looked up on deps when a page renders; a missing part makes its panel say "not available" instead of
 * the page failing or showing invented data.
 */
export interface Analysis {
  emotion?: EmotionResult;
  category?: CategoryResult;
  risk?: RiskResult;
  route?: Route | null;
  clauses?: ClauseHit[];
  similar_cases?: SimilarCase[];
}

type Loose = Record<string, unknown>;
const part = (deps: Deps, name: string) => (deps as unknown as Loose)[name] as Loose | undefined;
const fn = (o: Loose | undefined, name: string) =>
  o && typeof o[name] === 'function' ? (o[name] as (...a: unknown[]) => unknown).bind(o) : undefined;

/** The combined analysis of a petition, or null when no analyzer is wired in. */
export async function analyse(deps: Deps, text: string, title: string | null): Promise<Analysis | null> {
  const run = fn(part(deps, 'analyzer'), 'analyze');
  if (!run) return null;
  return (await run({ text, title: title ?? undefined })) as Analysis;
}

/** The red-alert service, or null until it is wired into deps. */
export function alertsOf(deps: Deps): AlertService | null {
  const a = part(deps, 'alerts');
  return a && typeof a.list === 'function' && typeof a.subscribe === 'function' ? (a as unknown as AlertService) : null;
}

/** The session's CSRF token for forms, when the pages are signed in with a cookie (http/auth). */
export function csrfOf(c: Context): string | undefined {
  const v = (c.var as Record<string, unknown>).csrfToken;
  return typeof v === 'string' ? v : undefined;
}
