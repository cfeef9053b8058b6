import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createEventLog } from '../audit/event-log.ts';
import { createCaseService } from '../cases/case-service.ts';
import { createManualClock } from '../clock.ts';
import { createLogger } from '../log.ts';
import { openDb } from '../store/db.ts';
import { createPiiCipher } from '../store/pii-cipher.ts';
import { createAlertService } from './alert-service.ts';
import { RED_TEXT } from './testing/alert-fixture.ts';
import { simpleTriage } from './testing/simple-triage.ts';

const KEY = 'ef'.repeat(32);

function officeDrawing(ids: string[]) {
  const db = openDb(':memory:');
  const clock = createManualClock('2026-03-02T09:00:00+08:00');
  const events = createEventLog(db, clock);
  const queue = [...ids];
  const alerts = createAlertService({
    db,
    clock,
    events,
    log: createLogger('silent'),
    drawId: (prefix) => queue.shift() ?? `${prefix}20260302-FFFFFFFF`,
  });
  const cases = createCaseService({
    db,
    clock,
    events,
    identityKey: (v) => createHmac('sha256', KEY).update(v).digest('hex'),
    cipher: createPiiCipher({ current: KEY }),
    triage: simpleTriage,
    onTriaged: alerts.onTriaged,
  });
  const register = () => cases.register({ text: RED_TEXT, channel: '电话', attachments: [] }, '登记员');
  return { alerts, cases, register };
}

// Alert numbers are the day and 32 random bits, like case numbers (case-ids.test.ts): a collision must not fail
// the registration of a red petition.
describe('alert numbers', () => {
  it('draws again when the number is already taken: the red petition is registered and alerted', () => {
    const { alerts, register } = officeDrawing(['AL20260302-0000AAAA', 'AL20260302-0000AAAA', 'AL20260302-0000BBBB']);
    const a = register();
    const b = register();
    const byPetition = new Map(alerts.list({ limit: 10, offset: 0 }).items.map((x) => [x.petition_id, x.id]));
    expect(byPetition.get(a.id)).toBe('AL20260302-0000AAAA');
    expect(byPetition.get(b.id)).toBe('AL20260302-0000BBBB');
  });

  it('refuses, saying why, when five draws in a row are taken, and nothing of that registration is kept', () => {
    const { cases, register } = officeDrawing(Array(7).fill('AL20260302-0000AAAA'));
    register();
    expect(register).toThrow(/预警编号都已被占用/);
    expect(cases.list({ limit: 10, offset: 0 }).total).toBe(1);
  });
});
