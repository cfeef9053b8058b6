import { createHmac } from 'node:crypto';
import { createPgAlertBus, type AlertBus } from './alerts/alert-bus.ts';
import { createAlertService } from './alerts/alert-service.ts';
import { createAnalyzer } from './analysis/analyzer.ts';
import { loadResources } from './analysis/resources.ts';
import { openCaseFile } from './audit/case-file.ts';
import { sealLegacyPetitions, textsAsWritten, unsealPetitionText } from './cases/sealed-text.ts';
import { createNoteSealer } from './cases/sealed-notes.ts';
import { createRepeatFinder } from './alerts/repeats.ts';
import { createAssignmentService, routingReceivers } from './cases/assignment-service.ts';
import { REPEAT_COUNT_CAP, REPEAT_WINDOW_DAYS, createCaseService, type CaseServiceDeps } from './cases/case-service.ts';
import { createClockReminders } from './cases/clock-reminders.ts';
import { createRegistrationKeys } from './cases/registration-keys.ts';
import { systemClock, type Clock } from './clock.ts';
import type { Config } from './config.ts';
import { createDraftStore, createDrafter, llmFromConfig, type LlmProvider } from './drafting/index.ts';
import { createReviewService } from './analysis/review-service.ts';
import { createLogger, type Logger } from './log.ts';
import { createTriage, type Precomputed } from './triage/triage.ts';
import type { RiskContext } from './triage/types.ts';
import { routeFor } from './clauses/index.ts';
import type { Deps } from './http/app-deps.ts';
import { bootstrapAdminKey } from './http/auth/bootstrap.ts';
import { createKeyStore } from './http/auth/key-store.ts';
import { createSessionStore } from './http/auth/session-store.ts';
import type { Db } from './store/db.ts';
import { openStore } from './store/open-store.ts';
import { openRateBuckets } from './store/rate-buckets-repo.ts';
import { startCheckpointer } from './store/checkpointer.ts';
import { enableGroupCommit } from './store/group-commit.ts';
import { createPiiCipher } from './store/pii-cipher.ts';
import { checkPiiKeysOpen, resolvePiiKeys } from './store/pii-keys.ts';
import { rewritePetitioners } from './store/pii-rotate.ts';

export type { Deps } from './http/app-deps.ts';

export interface DepsOverrides {
  clock?: Clock;
  log?: Logger;
  db?: Db;
  /** Triage run on registration; by default the built-in models through the analyzer. */
  triage?: CaseServiceDeps['triage'];
  /** The LLM behind drafting; by default from LLM_BASE_URL / LLM_MODEL, or none (offline drafter). */
  llm?: LlmProvider;
  /** How alert events reach the other instances; by default NOTIFY/LISTEN when DATABASE_URL is set, else none. */
  alertBus?: AlertBus;
  /** How often the statutory-clock reminders are swept; by default REMINDER_CHECK_MS. */
  reminderEveryMs?: number;
}

const PROMPTS_DIR = new URL('../prompts/', import.meta.url).pathname;

/** Wires the service from its configuration. Tests pass overrides (a manual clock, a silent logger). */
export async function createDeps(config: Config, overrides: DepsOverrides = {}): Promise<Deps> {
  const clock = overrides.clock ?? systemClock;
  const log = overrides.log ?? createLogger(config.LOG_LEVEL);
  // Without PII_KEY a development key file is used (with a warning; refused in production): never clear text.
  const piiKeys = resolvePiiKeys(config, log);
  const db = overrides.db ?? openStore(config);
  const cipher = createPiiCipher(piiKeys);
  try {
    checkPiiKeysOpen(db, cipher, piiKeys);
  } catch (e) {
    if (!overrides.db) db.close();
    throw e;
  }
  // Only for a file this process opened itself: a test's own database stays as the test set it up.
  const ownFile = !overrides.db && !config.DATABASE_URL && config.DB_PATH !== ':memory:';
  const checkpointer =
    ownFile && config.SQLITE_CHECKPOINT === 'background'
      ? startCheckpointer(db, config.DB_PATH, {
          onError: (error) => log.error('background checkpoint failed', { error }),
        })
      : null;
  const groupCommit =
    ownFile && config.SQLITE_GROUP_COMMIT_MS > 0
      ? enableGroupCommit(db, { maxWaitMs: config.SQLITE_GROUP_COMMIT_MS })
      : undefined;
  // The case file checks each petition's text against the hash its registered event holds (audit/content-check.ts).
  const { events, anchoring } = openCaseFile({
    db,
    clock,
    log,
    dbPath: config.DB_PATH,
    anchorDir: config.AUDIT_ANCHOR_DIR,
    witnessUrl: config.AUDIT_WITNESS_URL,
    witnessSecret: config.AUDIT_WITNESS_SECRET,
    intervalMs: config.AUDIT_ANCHOR_INTERVAL_MS,
    plaintextOf: (row) => unsealPetitionText(cipher, row.id, row),
  });
  const identityKey = (value: string) => createHmac('sha256', piiKeys.current).update(value).digest('hex');
  const legacy = rewritePetitioners(db, cipher, { only: 'plaintext' });
  if (legacy.rewritten)
    log.warn('encrypted petitioner identities stored in plaintext by an earlier version', { rows: legacy.rewritten });
  const legacyTexts = sealLegacyPetitions(db, cipher);
  if (legacyTexts)
    log.warn('sealed ID and phone numbers in petition texts stored by an earlier version', { rows: legacyTexts });
  const keys = createKeyStore(db, clock, events);
  const sessions = createSessionStore(db, clock, config.SESSION_TTL_HOURS);
  const rateBuckets = openRateBuckets(db);
  bootstrapAdminKey(keys, config, log);
  const webhook = config.ALERT_WEBHOOK_URL
    ? { url: config.ALERT_WEBHOOK_URL, secret: config.ALERT_WEBHOOK_SECRET }
    : undefined;
  const bus =
    overrides.alertBus ??
    (config.DATABASE_URL
      ? createPgAlertBus({
          db,
          url: config.DATABASE_URL,
          onError: (e) => log.warn('alert listener connection lost; reconnecting', { error: e.message.trim() }),
        })
      : undefined);
  const sealNote = createNoteSealer(db, cipher).seal;
  const alerts = createAlertService({ db, clock, events, log, webhook, sealNote, bus });
  alerts.start();
  const resources = await loadResources(config);
  const drafter = createDrafter({
    corpus: resources.corpus,
    llm: overrides.llm ?? llmFromConfig(config),
    promptsDir: PROMPTS_DIR,
    clock,
    // A draft with a model makes up to three calls (name articles, score them, phrase); all of them within this.
    llmDeadlineMs: 3 * config.LLM_TIMEOUT_MS,
  });
  const analyzer = createAnalyzer({
    triage: createTriage(resources.triage.parts),
    models: resources.triage.models,
    recommender: resources.recommender,
    routeFor,
    cases: resources.caseIndex,
    matterFirst: resources.matterFirst,
    drafter,
    corpus: resources.corpus,
  });
  // Registration stores the whole analysis (triage, route, clauses) so the case page shows what staff saw.
  const triage =
    overrides.triage ??
    ((text: string, title: string | undefined, ctx: RiskContext, pre?: Precomputed) =>
      analyzer.analyze({ text, title, ctx, pre, clausesK: 5, similarK: 3 }));
  const repeats = createRepeatFinder(db, undefined, { textAsWritten: textsAsWritten(db, cipher) });
  const nearDuplicates = (p: { id: string; text: string; receivedAt: string }) =>
    repeats.nearDuplicates(p, REPEAT_WINDOW_DAYS, REPEAT_COUNT_CAP);
  const cases = createCaseService({
    db,
    clock,
    events,
    identityKey,
    cipher,
    triage,
    nearDuplicates,
    onTriaged: alerts.onTriaged,
  });
  // Reminders reach the streams (and the webhook) the way a 督办 notice does.
  const reminders = createClockReminders({
    db,
    clock,
    events,
    log,
    onReminder: alerts.notify,
    announceNotice: alerts.announceNotice,
    checkEveryMs: overrides.reminderEveryMs,
  });
  reminders.start();
  const reviews = createReviewService({
    db,
    analyzer,
    cases,
    drafts: createDraftStore(db, clock),
    events,
    corpus: resources.corpus,
  });
  return {
    config,
    db,
    clock,
    log,
    events,
    anchoring,
    cases,
    registrations: createRegistrationKeys({ db, clock, cases }),
    cipher,
    identityKey,
    keys,
    sessions,
    rateBuckets,
    alerts,
    reminders,
    resources,
    analyzer,
    reviews,
    assignments: createAssignmentService({
      db,
      clock,
      events,
      cases,
      departments: routingReceivers(),
      onNotice: alerts.notify,
      announceNotice: alerts.announceNotice,
    }),
    groupCommit,
    close: () => {
      alerts.close();
      reminders.close();
      anchoring.close();
      rateBuckets.close();
      groupCommit?.flush();
      if (groupCommit) log.info('group commit', groupCommit.stats);
      // The thread closes its connection after ours; the last one to close checkpoints, either way.
      void checkpointer?.stop();
      db.close();
    },
  };
}
