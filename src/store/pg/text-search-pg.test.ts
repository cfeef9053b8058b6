import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../db.ts';
import type { Db } from '../db-types.ts';
import { dialectOf } from '../dialect.ts';
import { countText, textCondition } from '../text-search.ts';
import { migratePg } from './migrate-pg.ts';
import { openTestSchema, skipReason, type TestSchema } from './testing/pg-test-db.ts';

const skip = skipReason();

const PETITIONS: [string, string | null, string][] = [
  ['p1', '讨薪', '某公司拖欠工资三个月，共计 5000 元。'],
  ['p2', null, '小区物业费上涨50%，业主不满。'],
  ['p3', 'ABC 公司', '工资条 a_b 字段\\有误'],
  ['p4', '道路', '村里道路年久失修，雨天无法通行。'],
];

function fill(db: Db) {
  const insert = db.prepare(
    "INSERT INTO petitions (id, title, text, channel, received_at, created_at, updated_at) VALUES (?, ?, ?, '来信', @at, @at, @at)",
  );
  for (const [id, title, text] of PETITIONS) insert.run(id, title, text, { at: '2026-12-05T05:00:00.000Z' });
}

describe.skipIf(skip)('text search on PostgreSQL (pg_trgm)', () => {
  let t: TestSchema;
  let lite: Db;
  beforeAll(() => {
    t = openTestSchema();
    migratePg(t.db);
    lite = openDb(':memory:');
    fill(t.db);
    fill(lite);
  });
  afterAll(() => {
    lite.close();
    t.drop();
  });

  const matches = (db: Db, q: string) => {
    const c = textCondition(q, dialectOf(db));
    const ids = db.prepare(`SELECT p.id FROM petitions p WHERE ${c.sql} ORDER BY p.id`).pluck().all(c.params);
    return { ids, count: countText(db, c) };
  };

  it.each(['欠', '工资', '拖欠工资', '物业费', 'abc', 'ABC 公', '50%', 'a_b', '\\', '5000', '无此内容', '道路'])(
    'finds the same petitions as SQLite for %j',
    (q) => {
      expect(matches(t.db, q)).toEqual(matches(lite, q));
    },
  );

  it('is not an empty comparison', () => {
    expect(matches(lite, '工资').ids).toEqual(['p1', 'p3']);
    expect(matches(lite, '50%').ids).toEqual(['p2']);
  });

  it('answers three characters or more from the trigram index', () => {
    t.db.exec('SET enable_seqscan = off');
    const c = textCondition('拖欠工资', 'postgres');
    const plan = t.db.prepare(`EXPLAIN SELECT p.id FROM petitions p WHERE ${c.sql}`).pluck().all(c.params).join('\n');
    t.db.exec('RESET enable_seqscan');
    expect(plan).toMatch(/petitions_text_trgm/);
  });
});
