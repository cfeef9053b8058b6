import { createHmac } from 'node:crypto';
import { createEventLog, type EventLog } from './audit/event-log.ts';
import { createCaseService, type CaseService } from './cases/case-service.ts';
import { systemClock, type Clock } from './clock.ts';
import type { Config } from './config.ts';
import { createLogger, type Logger } from './log.ts';
import { openDb, type Db } from './store/db.ts';

/** Everything a request handler may use; built once at start-up, or per test with its own db and clock. */
export interface Deps {
  config: Config;
  db: Db;
  clock: Clock;
  log: Logger;
  events: EventLog;
  cases: CaseService;
  close(): void;
}

export interface DepsOverrides {
  clock?: Clock;
  log?: Logger;
  db?: Db;
}

// Used only when no PII_KEY is configured (development); production sets PII_KEY.
const DEV_IDENTITY_KEY = 'xinfang-assist-development-identity-key';

/** Wires the service from its configuration. Tests pass overrides (a manual clock, a silent logger). */
export async function createDeps(config: Config, overrides: DepsOverrides = {}): Promise<Deps> {
  const clock = overrides.clock ?? systemClock;
  const log = overrides.log ?? createLogger(config.LOG_LEVEL);
  const db = overrides.db ?? openDb(config.DB_PATH);
  const events = createEventLog(db, clock);
  const identitySecret = config.PII_KEY ?? DEV_IDENTITY_KEY;
  const identityKey = (value: string) => createHmac('sha256', identitySecret).update(value).digest('hex');
  const cases = createCaseService({ db, clock, events, identityKey });
  return {
    config,
    db,
    clock,
    log,
    events,
    cases,
    close: () => db.close(),
  };
}
