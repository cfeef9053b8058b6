/**
 * Per-request values, typed for every route (STYLE §2: c.var, not globals). The service's parts are not here:
 * route and page modules are given them when createApp mounts them.
 */
export interface AppEnv {
  Variables: {
    requestId: string;
    /** Who is calling, as the case file records it: `name [role key_id]` of the key or session (auth/actor.ts); 'anonymous' otherwise. */
    actor: string;
    /** reception | dispatch | supervisor | evaluator | admin (http/auth/roles.ts), or 'anonymous' on public routes. */
    role: string;
    /** The calling key's id (a department key's scope is looked up by it, cases/assignment-service.ts). */
    keyId: string | undefined;
    /** The session's CSRF token when signed in through the web pages (embed it as the `_csrf` form field). */
    csrfToken: string | undefined;
  };
}
