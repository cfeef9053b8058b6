import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createEventLog } from '../audit/event-log.ts';
import { createManualClock } from '../clock.ts';
import { openDb } from '../store/db.ts';
import { createPiiCipher } from '../store/pii-cipher.ts';
import { createCaseService } from './case-service.ts';

const KEY = 'cd'.repeat(32);

function casesDrawing(ids: string[]) {
  const db = openDb(':memory:');
  const clock = createManualClock('2026-03-02T09:00:00+08:00');
  const queue = [...ids];
  const cases = createCaseService({
    db,
    clock,
    events: createEventLog(db, clock),
    identityKey: (v) => createHmac('sha256', KEY).update(v).digest('hex'),
    cipher: createPiiCipher({ current: KEY }),
    newId: () => queue.shift() ?? 'XF20260302-FFFFFFFF',
  });
  const register = () =>
    cases.register({ text: '小区路灯坏了一个月没人修。', channel: '网络', attachments: [] }, '登记员');
  return { cases, register };
}

// Found by the 1M-petition scale fill: two case numbers of one day met and the second registration failed.
describe('case numbers', () => {
  it('draws again when the number is already taken, so the registration succeeds', () => {
    const { register } = casesDrawing(['XF20260302-0000AAAA', 'XF20260302-0000AAAA', 'XF20260302-0000BBBB']);
    expect(register().id).toBe('XF20260302-0000AAAA');
    expect(register().id).toBe('XF20260302-0000BBBB');
  });

  it('refuses, saying why, when five draws in a row are taken (a broken generator, not bad luck)', () => {
    const { cases, register } = casesDrawing(Array(7).fill('XF20260302-0000AAAA'));
    register();
    expect(register).toThrow(/编号都已被占用/);
    expect(cases.list({ limit: 10, offset: 0 }).total).toBe(1);
  });
});
