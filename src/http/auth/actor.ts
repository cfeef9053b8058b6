import type { Principal } from './key-store.ts';

/**
 * The actor the server records for an authenticated request: the key's name, role and id, never what the
 * request body says (issue 17). One readable string, because the case file's `actor` column is text and is
 * covered by the hash chain as it stands: `窗口 张 [reception key_1a2b3c4d5e6f]`. A session records the key
 * it was opened with.
 */
export const formatActor = (p: Principal) => `${p.name} [${p.role} ${p.keyId}]`;

const RECORDED = /^(.*) \[([a-z]+) (key_[0-9a-f]+)\]$/s;

export interface ParsedActor {
  name: string;
  role?: string;
  keyId?: string;
}

/** Splits a recorded actor back into name, role and key id; a bare name (system, older records) has only a name. */
export function parseActor(actor: string): ParsedActor {
  const m = RECORDED.exec(actor);
  return m ? { name: m[1], role: m[2], keyId: m[3] } : { name: actor };
}

/** Names the service uses for its own actors: a key may not take them, or its steps would read as the system's. */
export const RESERVED_ACTOR_NAMES = ['system', 'anonymous', 'seed'] as const;
