import { createHmac } from 'node:crypto';
import { createEventLog, type EventLog } from './audit/event-log.ts';
import { createCaseService, type CaseService } from './cases/case-service.ts';
import { systemClock, type Clock } from './clock.ts';
import type { Config } from './config.ts';
import { createLogger, type Logger } from './log.ts';
import { bootstrapAdminKey } from './http/auth/bootstrap.ts';
import { createKeyStore, type KeyStore } from './http/auth/key-store.ts';
import { createSessionStore, type SessionStore } from './http/auth/session-store.ts';
import { openDb, type Db } from './store/db.ts';
import { createPiiCipher, type PiiCipher } from './store/pii-cipher.ts';
import { resolvePiiKeys } from './store/pii-keys.ts';
import { rewritePetitioners } from './store/pii-rotate.ts';

/** Everything a request handler may use; built once at start-up, or per test with its own db and clock. */
export interface Deps {
  config: Config;
  db: Db;
  clock: Clock;
  log: Logger;
  events: EventLog;
  cases: CaseService;
  /** AES-256-GCM over the petitioner's identity fields (store/pii-cipher.ts). */
  cipher: PiiCipher;
  keys: KeyStore;
  sessions: SessionStore;
  close(): void;
}

export interface DepsOverrides {
  clock?: Clock;
  log?: Logger;
  db?: Db;
}

/** Wires the service from its configuration. Tests pass overrides (a manual clock, a silent logger). */
export async function createDeps(config: Config, overrides: DepsOverrides = {}): Promise<Deps> {
  const clock = overrides.clock ?? systemClock;
  const log = overrides.log ?? createLogger(config.LOG_LEVEL);
  const db = overrides.db ?? openDb(config.DB_PATH);
  const events = createEventLog(db, clock);
  // Without PII_KEY a development key file is used (with a warning): identities are never stored in clear.
  const piiKeys = resolvePiiKeys(config, log);
  const cipher = createPiiCipher(piiKeys);
  const identityKey = (value: string) => createHmac('sha256', piiKeys.current).update(value).digest('hex');
  const legacy = rewritePetitioners(db, cipher, { only: 'plaintext' });
  if (legacy.rewritten) log.warn('encrypted petitioner identities stored in plaintext by an earlier version', { rows: legacy.rewritten });
  const keys = createKeyStore(db, clock, events);
  const sessions = createSessionStore(db, clock, config.SESSION_TTL_HOURS);
  bootstrapAdminKey(keys, config, log);
  const cases = createCaseService({ db, clock, events, identityKey, cipher });
  return {
    config,
    db,
    clock,
    log,
    events,
    cases,
    cipher,
    keys,
    sessions,
    close: () => db.close(),
  };
}
