/**
 * The service's parts as the routes and pages see them: the top layer (http/, ui/) declares what it is
 * given, and the composition root (src/deps.ts, createDeps) builds it, so nothing here imports the root.
 */
import type { AlertService } from '../alerts/alert-service.ts';
import type { Analyzer } from '../analysis/analyzer.ts';
import type { Resources } from '../analysis/resources.ts';
import type { ReviewService } from '../analysis/review-service.ts';
import type { Anchoring } from '../audit/anchors.ts';
import type { EventLog } from '../audit/event-log.ts';
import type { AssignmentService } from '../cases/assignment-service.ts';
import type { CaseService } from '../cases/case-service.ts';
import type { ClockReminders } from '../cases/clock-reminders.ts';
import type { RegistrationKeys } from '../cases/registration-keys.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import type { Db } from '../store/db.ts';
import type { PiiCipher } from '../store/pii-cipher.ts';
import type { GroupCommit } from '../store/group-commit.ts';
import type { KeyStore } from './auth/key-store.ts';
import type { Buckets } from './auth/rate-limit.ts';
import type { SessionStore } from './auth/session-store.ts';

/** Everything a request handler may use; built once at start-up, or per test with its own db and clock. */
export interface Deps {
  config: Config;
  db: Db;
  clock: Clock;
  log: Logger;
  events: EventLog;
  /** The case file's head anchored outside the database (anchor file, witness). */
  anchoring: Anchoring;
  cases: CaseService;
  /** Registration with an optional Idempotency-Key: a repeated request returns its first petition (issue 22). */
  registrations: RegistrationKeys;
  /** Red alerts, their stream and webhook, escalation, and mass-incident clusters. */
  alerts: AlertService;
  /** The statutory-clock reminder sweep (due soon, overdue), each reminder once across instances. */
  reminders: ClockReminders;
  /** AES-256-GCM over the petitioner's identity fields (store/pii-cipher.ts). */
  cipher: PiiCipher;
  /** Keyed hash of an ID number or phone (as registration stores it): finds a petitioner's cases without reading identities. */
  identityKey: (value: string) => string;
  keys: KeyStore;
  sessions: SessionStore;
  /** The rate limits' token buckets: shared by every instance on PostgreSQL, in this process on SQLite. */
  rateBuckets: Buckets;
  /** Statutes, their index, typical cases and the triage models: read-only, shared per process. */
  resources: Resources;
  /** Triage → route → clauses (→ draft) for one text: the pilot contract and registration use it. */
  analyzer: Analyzer;
  /** Draft versions, staff edits and approval of registered petitions. */
  reviews: ReviewService;
  /** 交办/承办/督办: departments, assignments, findings, 督办 notices (issue 18). */
  assignments: AssignmentService;
  /** Group commit on the SQLite file (SQLITE_GROUP_COMMIT_MS > 0): requests are answered once their batch has committed. */
  groupCommit?: GroupCommit;
  close(): void;
}
