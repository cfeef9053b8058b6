import { describe, expect, it } from 'vitest';
import { RED_TEXT } from '../alerts/testing/alert-fixture.ts';
import { simpleTriage } from '../alerts/testing/simple-triage.ts';
import { createTestApp } from '../testing/test-app.ts';
import type { PetitionInput } from './petition-schema.ts';
import { canonicalJson, createRegistrationKeys, fingerprintOf } from './registration-keys.ts';

const INPUT = { text: RED_TEXT, channel: '网络', attachments: [] } as unknown as PetitionInput;

describe('canonicalJson', () => {
  it.each([
    [{ b: 1, a: [{ d: 2, c: 'x' }] }, '{"a":[{"c":"x","d":2}],"b":1}'],
    [{ a: undefined, b: null }, '{"b":null}'],
    [['b', 'a'], '["b","a"]'],
  ])('writes %j as %s', (value, text) => {
    expect(canonicalJson(value)).toBe(text);
  });

  it('gives one fingerprint for one body in any key order and another for any other body', () => {
    expect(fingerprintOf({ ...INPUT, title: 'x' })).toBe(fingerprintOf({ title: 'x', ...INPUT }));
    expect(fingerprintOf({ ...INPUT, title: 'x' })).not.toBe(fingerprintOf({ ...INPUT, title: 'y' }));
  });
});

describe('createRegistrationKeys', () => {
  it('turns the loser of a race (both past the first look-up, triage running) into a replay of the winner', async () => {
    const t = await createTestApp({ overrides: { triage: simpleTriage } });
    const keys = createRegistrationKeys({ db: t.deps.db, clock: t.clock, cases: t.deps.cases });
    let open = () => {};
    const gate = new Promise<undefined>((resolve) => (open = () => resolve(undefined)));
    const once = { scope: 'key_test', key: 'k-1' };
    // Both requests find no record and wait in triage; the first to resume registers, the second's claim fails.
    const both = Promise.all([0, 1].map(() => keys.register(INPUT, 'reception', once, () => gate)));
    open();
    const [a, b] = await both;
    expect([a.replayed, b.replayed]).toEqual([false, true]);
    expect(b.view.id).toBe(a.view.id);
    const count = (table: string) => t.deps.db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get();
    expect([count('petitions'), count('alerts'), count('idempotency_keys')]).toEqual([1, 1, 1]);
    expect(t.deps.db.prepare("SELECT COUNT(*) FROM events WHERE type = 'registered'").pluck().get()).toBe(1);
  });
});
