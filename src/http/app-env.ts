import type { Deps } from '../deps.ts';

/** Per-request values, typed for every route (STYLE §2: c.var, not globals). */
export interface AppEnv {
  Variables: {
    requestId: string;
    deps: Deps;
    /** Who is calling: a key's name once auth is on; 'anonymous' otherwise. */
    actor: string;
    role: string;
  };
}
