import { createManualClock } from '../../clock.ts';
import { testConfig } from '../../config.ts';
import { createDeps, type DepsOverrides } from '../../deps.ts';
import type { PetitionInput } from '../../cases/petition-schema.ts';
import { openTestDb } from '../../testing/test-db.ts';
import type { AlertMessage, SupervisionNotice } from '../types.ts';
import { simpleTriage } from './simple-triage.ts';

export const RED_TEXT = '工资拖欠半年没人管，再不解决我就从县政府楼上跳楼。';
export const GREEN_TEXT = '小区门口路灯坏了两个月，晚上出行不便，请尽快维修。';

/**
 * Deps on a fresh test database (openTestDb: SQLite in memory or a PostgreSQL schema) with a manual clock and the
 * simple triage; records every pushed message (alerts and 督办 notices apart).
 */
export async function alertFixture(
  now = '2026-03-02T09:00:00+08:00',
  triage: DepsOverrides['triage'] = simpleTriage,
  overrides: DepsOverrides = {},
) {
  const clock = createManualClock(now);
  const deps = await createDeps(testConfig({ ADMIN_API_KEY: 'xf_alert-fixture-admin-key-0123456789' }), {
    clock,
    triage,
    ...overrides,
    db: overrides.db ?? openTestDb(),
  });
  const pushed: AlertMessage[] = [];
  const notices: SupervisionNotice[] = [];
  deps.alerts.subscribe({
    send: (m) => (m.type === 'notice' ? notices.push(m.notice) : pushed.push(m)),
    close: () => {},
  });
  const register = (text: string, extra: Partial<PetitionInput> = {}) =>
    deps.cases.register({ text, channel: '网络', attachments: [], ...extra } as PetitionInput, 'reception');
  /** Lets the post-commit flush (a microtask) run. */
  const settle = () => new Promise((r) => setImmediate(r));
  return { deps, clock, pushed, notices, register, settle };
}
