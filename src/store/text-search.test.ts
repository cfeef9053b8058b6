import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../random.ts';
import { openTestDb, sqliteOnly } from '../testing/test-db.ts';
import { migrate, openDb, readMigrations, type Db } from './db.ts';
import { dialectOf } from './dialect.ts';
import { BY_RECEIPT, countText, textCondition, walkReceiptIndex } from './text-search.ts';

const AT = '2026-03-02T01:00:00.000Z';
const WORDS = ['工资', '拖欠', '物业', '小区', '征地', '补偿', 'ABC', '村', '。', '，', ' ', '资'];

function insert(db: Db, id: string, title: string | null, text: string, at = AT) {
  db.prepare(
    "INSERT INTO petitions (id, title, text, channel, received_at, created_at, updated_at) VALUES (?, ?, ?, '网络', ?, ?, ?)",
  ).run(id, title, text, at, at, at);
}

const found = (db: Db, q: string) => {
  const c = textCondition(q, dialectOf(db));
  return db.prepare(`SELECT p.id FROM petitions p WHERE ${c.sql} ORDER BY p.id`).pluck().all(c.params) as string[];
};

/** What the index must answer: a plain substring test on the stored title and text (ASCII case folded). */
const expected = (db: Db, q: string) =>
  (
    db.prepare('SELECT id, title, text FROM petitions ORDER BY id').all() as {
      id: string;
      title: string | null;
      text: string;
    }[]
  )
    .filter((r) => `${r.title ?? ''}\u0000${r.text}`.toLowerCase().includes(q.toLowerCase()))
    .map((r) => r.id);

function randomText(r: () => number, n: number) {
  return Array.from({ length: n }, () => WORDS[Math.floor(r() * WORDS.length)]).join('');
}

/** Every substring of one to four characters of the stored texts, and some that occur nowhere. */
function queries(db: Db, r: () => number): string[] {
  const texts = db.prepare("SELECT coalesce(title, '') || text FROM petitions").pluck().all() as string[];
  const out = new Set(['猫', '猫狗', '工资猫', 'abc', 'Ab', 'c']);
  for (let i = 0; i < 60; i++) {
    const cs = [...texts[Math.floor(r() * texts.length)]];
    const len = 1 + Math.floor(r() * 4);
    const at = Math.floor(r() * Math.max(1, cs.length - len + 1));
    const q = cs
      .slice(at, at + len)
      .join('')
      .trim();
    if (q) out.add(q);
  }
  return [...out];
}

// SQLite's fts5 index itself (migration 018, INDEXED BY, the query plan); PostgreSQL's pg_trgm index has its own
// tests in pg/text-search-pg.test.ts.
const SQLITE_INDEX = sqliteOnly('the fts5 index of migration 018 and its query plans');

describe('textCondition (migration 018)', () => {
  it('finds exactly the petitions holding a query of one, two, three or more characters, at the ends of a column too', () => {
    const db = openTestDb();
    const r = mulberry32(18);
    for (let i = 0; i < 80; i++)
      insert(
        db,
        `P${String(i).padStart(3, '0')}`,
        r() < 0.5 ? randomText(r, 2) : null,
        randomText(r, 1 + Math.floor(r() * 8)),
      );
    insert(db, 'P900', '工资', '资');
    insert(db, 'P901', null, '拖欠工资');
    for (const q of queries(db, r)) expect(found(db, q), q).toEqual(expected(db, q));
    expect(found(db, '工资')).toEqual(expect.arrayContaining(['P900', 'P901']));
    expect(found(db, '资')).toEqual(expect.arrayContaining(['P900', 'P901']));
  });

  it('follows changes and deletions of the stored text (sealing rewrites it)', () => {
    const db = openTestDb();
    insert(db, 'A', '拖欠工资', '老板不给工资。');
    insert(db, 'B', null, '物业乱收费');
    db.prepare('UPDATE petitions SET title = NULL, text = ? WHERE id = ?').run('小区停车', 'A');
    db.prepare('DELETE FROM petitions WHERE id = ?').run('B');
    insert(db, 'C', '工资', '征地');
    for (const q of ['工资', '资', '物业', '小区', '停车', '小区停车', '拖欠工资', '车'])
      expect(found(db, q), q).toEqual(expected(db, q));
    expect(found(db, '小区')).toEqual(['A']);
    expect(found(db, '工资')).toEqual(['C']);
  });

  it.skipIf(SQLITE_INDEX)('indexes the petitions of an older database when migrating', () => {
    const db = openDb(
      ':memory:',
      readMigrations().filter((m) => m.version < 18),
    );
    insert(db, 'A', '拖欠工资', '老板不给工资。');
    insert(db, 'B', null, '物业乱收费');
    expect(
      migrate(
        db,
        readMigrations().filter((m) => m.version <= 18),
      ),
    ).toBe(1);
    expect(found(db, '工资')).toEqual(['A']);
    expect(found(db, '费')).toEqual(['B']);
    expect(found(db, '乱收费')).toEqual(['B']);
    insert(db, 'C', null, '工资');
    expect(found(db, '工资')).toEqual(['A', 'C']);
  });

  it.skipIf(SQLITE_INDEX)(
    'counts the matches from the index, and a page walked in order of receipt equals the sorted page',
    () => {
      const db = openDb(':memory:');
      const r = mulberry32(7);
      for (let i = 0; i < 300; i++) {
        const at = new Date(Date.parse(AT) + Math.floor(r() * 50) * 3_600_000).toISOString(); // ties in received_at too
        insert(db, `P${String(i).padStart(3, '0')}`, null, randomText(r, 1 + Math.floor(r() * 5)), at);
      }
      for (const q of ['工资', '资', '村', '拖欠工资', 'abc', '猫']) {
        const c = textCondition(q);
        expect(countText(db, c), q).toBe(expected(db, q).length);
        for (const [dir, offset] of [
          ['DESC', 0],
          ['DESC', 7],
          ['ASC', 3],
        ] as const) {
          const page = (from: string) =>
            db
              .prepare(
                `SELECT p.id FROM ${from} WHERE ${c.sql} ORDER BY p.received_at ${dir}, p.id LIMIT 5 OFFSET ${offset}`,
              )
              .pluck()
              .all(c.params);
          expect(page(BY_RECEIPT), `${q} ${dir} ${offset}`).toEqual(page('petitions p'));
        }
      }
      // A common word is walked in order of receipt, a rare one sorted.
      expect(walkReceiptIndex(db, 100, 20)).toBe(true);
      expect(walkReceiptIndex(db, 2, 20)).toBe(false);
      expect(walkReceiptIndex(db, 0, 20)).toBe(false);
    },
  );

  it.skipIf(SQLITE_INDEX)('uses the index for short queries instead of reading every petition', () => {
    const db = openDb(':memory:');
    const c = textCondition('工资');
    const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT p.id FROM petitions p WHERE ${c.sql}`).all(c.params) as {
      detail: string;
    }[];
    expect(plan.map((p) => p.detail).join(' | ')).toMatch(/petitions_text_terms VIRTUAL TABLE/);
    expect(plan.some((p) => /^SCAN p\b/.test(p.detail))).toBe(false);
  });
});
