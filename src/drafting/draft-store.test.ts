import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../store/db.ts';
import { createManualClock } from '../clock.ts';
import { AppError } from '../errors.ts';
import { createDraftStore, type DraftStore } from './draft-store.ts';
import { openTestDb } from '../testing/test-db.ts';

const T0 = '2026-03-02T01:00:00.000Z';

function addPetition(db: Db, id: string): void {
  db.prepare(
    `INSERT INTO petitions (id, text, channel, received_at, created_at, updated_at) VALUES (?, '公司拖欠工资', '网络', ?, ?, ?)`,
  ).run(id, T0, T0, T0);
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof AppError ? `${e.status} ${e.code}` : String(e);
  }
  return undefined;
}

describe('draft store', () => {
  let db: Db;
  let store: DraftStore;
  const clock = createManualClock(T0);
  const v = {
    kind: 'opinion' as const,
    reply: '信访处理意见书……',
    citations: [{ law: '信访工作条例', article: '第三十五条' }],
    provider: 'offline' as const,
    createdBy: 'system',
  };

  beforeEach(() => {
    db = openTestDb();
    store = createDraftStore(db, clock);
    addPetition(db, 'p1');
  });

  it('numbers versions per petition and keeps every one', () => {
    store.add('p1', v);
    clock.advance(60_000);
    const second = store.add('p1', { ...v, reply: '改过的意见书', provider: 'staff', createdBy: 'clerk-1' });
    expect(second.version).toBe(2);
    expect(store.list('p1').map((d) => [d.version, d.provider])).toEqual([
      [1, 'offline'],
      [2, 'staff'],
    ]);
    expect(store.latest('p1')?.reply).toBe('改过的意见书');
    expect(store.get('p1', 1).citations).toEqual(v.citations);
  });

  it('approves one version and refuses new versions or a second approval afterwards', () => {
    store.add('p1', v);
    store.add('p1', { ...v, provider: 'staff' });
    const a = store.approve('p1', 2, 'supervisor-1');
    expect(a.approvedBy).toBe('supervisor-1');
    expect(store.approved('p1')?.version).toBe(2);
    expect(codeOf(() => store.approve('p1', 1, 'x'))).toBe('409 draft_approved');
    expect(codeOf(() => store.add('p1', v))).toBe('409 draft_approved');
  });

  it('answers 404 for an unknown petition or version', () => {
    expect(codeOf(() => store.add('nope', v))).toBe('404 not_found');
    expect(codeOf(() => store.get('p1', 9))).toBe('404 not_found');
    expect(codeOf(() => store.approve('p1', 1, 'x'))).toBe('404 not_found');
  });

  it('rejects an empty reply and writes nothing', () => {
    expect(() => store.add('p1', { ...v, reply: '  ' })).toThrow();
    expect(store.list('p1')).toEqual([]);
  });

  it('is kept by the database: a second approved row is impossible even by hand', () => {
    store.add('p1', v);
    store.add('p1', { ...v, provider: 'staff' });
    db.prepare("UPDATE drafts SET approved_by = 'a', approved_at = ? WHERE version = 1").run(T0);
    expect(() => db.prepare("UPDATE drafts SET approved_by = 'b', approved_at = ? WHERE version = 2").run(T0)).toThrow(
      /UNIQUE/,
    );
  });
});
