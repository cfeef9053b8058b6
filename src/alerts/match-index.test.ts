import { describe, expect, it } from 'vitest';
import { createMatchIndex } from './match-index.ts';
import { createRepeatFinder } from './repeats.ts';
import { insertRows } from './testing/load-db.ts';
import { matterRecall, repeatRecall, syntheticLoad, type LoadRow } from './testing/synthetic-load.ts';
import { CLUSTER_WINDOW_DAYS } from './clusters.ts';
import { openTestDb } from '../testing/test-db.ts';

const DAY_MS = 86_400_000;
const iso = (t: number) => new Date(t).toISOString();

describe('match index (issue 24)', () => {
  it('finds planted repeats and same-matter petitions with recall ≥ 0.99 against the exact scan', () => {
    const db = openTestDb();
    const rows = syntheticLoad(1500, 120);
    const insert = insertRows(db);
    const finder = createRepeatFinder(db);
    // Registration order: the petition is stored, then compared with the earlier ones (and indexed).
    const repeats = repeatRecall(rows, 90, (row) => {
      insert(row);
      return finder.nearDuplicates({ id: row.id, text: row.text, receivedAt: row.receivedAt }, 90);
    });
    expect(repeats.pairs).toBeGreaterThan(100);
    expect(repeats.recall).toBeGreaterThanOrEqual(0.99);

    const index = createMatchIndex(db);
    const matters = matterRecall(rows, (row, f) => {
      const at = Date.parse(row.receivedAt);
      const w = CLUSTER_WINDOW_DAYS * DAY_MS;
      return index
        .candidates({ except: row.id, grams: f.grams, entities: f.entities, from: iso(at - w), to: iso(at + w) })
        .map((c) => c.id);
    });
    expect(matters.pairs).toBeGreaterThan(100);
    expect(matters.recall).toBeGreaterThanOrEqual(0.99);
    // The index hands over a small part of the ±7-day window (about 175 petitions here), not the whole of it.
    expect(matters.meanCandidates).toBeLessThan(40);
  });

  it('finds a repeat behind 5,200 earlier petitions of the window (the old scan stopped there)', () => {
    const db = openTestDb();
    const insert = insertRows(db);
    const rows = syntheticLoad(5200, 60, 7).map((r): LoadRow => ({ ...r, plant: null }));
    const first = rows[0];
    // One transaction for the earlier petitions: 5,200 commits would be most of the time on PostgreSQL.
    db.transaction(() => {
      for (const r of rows) insert(r);
    })();
    // Petitions stored before the index existed are indexed when the finder starts.
    const finder = createRepeatFinder(db);
    const again = {
      id: 'SYN-AGAIN',
      text: first.text.replace('，', '。'),
      receivedAt: iso(Date.parse(rows.at(-1)!.receivedAt) + 60_000),
    };
    insert({ ...again, title: first.title, plant: 'repeat' });
    expect(finder.nearDuplicates(again, 90)).toContain(first.id);
  });

  it('matches a named matter by a key that ends with another (sameEntity) in either direction', () => {
    const db = openTestDb();
    const index = createMatchIndex(db);
    const insert = insertRows(db);
    const at = '2026-03-02T02:00:00.000Z';
    const a: LoadRow = { id: 'A', title: null, text: '反映以后宏达建筑公司拖欠工资。', receivedAt: at, plant: null };
    insert(a);
    index.add(a);
    const grams = new Uint32Array();
    const look = (key: string) =>
      index
        .candidates({
          except: 'B',
          grams,
          entities: [{ kind: 'employer', name: key, key }],
          from: '2026-03-01T00:00:00.000Z',
          to: '2026-03-03T00:00:00.000Z',
        })
        .map((c) => c.id);
    expect(look('宏达建筑公司')).toEqual(['A']); // the stored key ends with it
    expect(look('在以后宏达建筑公司')).toEqual(['A']); // it ends with the stored key
    expect(look('宏达公司')).toEqual([]);
  });
});

describe('clusters through the match index', () => {
  it('puts a petition in the cluster of a same-employer letter behind 2,300 petitions of 4.5 days (the old scan stopped there)', async () => {
    const { createAlertsRepo } = await import('../store/alerts-repo.ts');
    const { createClusterer } = await import('./clusters.ts');
    const db = openTestDb();
    const insert = insertRows(db);
    const load = syntheticLoad(2300, 4.5, 11).map((r): LoadRow => ({ ...r, plant: null }));
    const older: LoadRow = {
      id: 'SYN-OLD',
      title: null,
      text: '丁戊己庚建筑公司拖欠我们三个月工资。',
      receivedAt: load[0].receivedAt,
      plant: null,
    };
    for (const r of [load[0], older, ...load.slice(1)]) insert(r);
    const index = createMatchIndex(db);
    expect(index.catchUp()).toBe(2301);
    const clusterer = createClusterer(createAlertsRepo(db), () => '2026-01-08T00:00:00.000Z', index);
    const p = {
      id: 'SYN-NEW',
      title: null,
      text: '丁戊己庚建筑公司老板跑路了，工资没人管。',
      receivedAt: iso(Date.parse(load.at(-1)!.receivedAt) + 60_000),
    };
    insert({ ...p, plant: null });
    const summary = clusterer.assign(p, false, () => 'CL-1');
    const members = clusterer.get(summary!.id)!.members.map((m) => m.petition_id);
    expect(members).toEqual(expect.arrayContaining(['SYN-OLD', 'SYN-NEW']));
    expect(clusterer.get(summary!.id)!.matter_kind).toBe('employer');
  });

  it('keeps a letter naming a rare matter when 250 newer letters of the week name another one it shares', async () => {
    const { createAlertsRepo } = await import('../store/alerts-repo.ts');
    const { createClusterer, MATCH_LIMIT } = await import('./clusters.ts');
    const db = openTestDb();
    const insert = insertRows(db);
    const t0 = Date.parse('2026-01-01T00:00:00.000Z');
    const source = { id: 'SYN-SRC', title: null, text: '我们反映金林工厂夜间排放废气气味刺鼻。', receivedAt: iso(t0) };
    insert({ ...source, plant: null });
    const flood = MATCH_LIMIT + 50;
    for (let i = 0; i < flood; i++)
      insert({
        id: `SYN-F${i}`,
        title: null,
        text: `我住在江东新家园，第${i}号楼的电梯又坏了。`,
        receivedAt: iso(t0 + 3_600_000 + i * 60_000),
        plant: null,
      });
    const index = createMatchIndex(db);
    index.catchUp();
    const clusterer = createClusterer(createAlertsRepo(db), () => '2026-01-03T00:00:00.000Z', index);
    const p = {
      id: 'SYN-NEW',
      title: null,
      text: '我们反映金林工厂的废气，我家在江东新家园。',
      receivedAt: iso(t0 + 2 * DAY_MS),
    };
    insert({ ...p, plant: null });
    const summary = clusterer.assign(p, false, () => 'CL-1');
    const members = clusterer.get(summary!.id)!.members.map((m) => m.petition_id);
    // An overall limit of MATCH_LIMIT matches, newest first, was filled by the flood and left SYN-SRC out.
    expect(members).toContain('SYN-SRC');
    expect(members.length).toBeLessThanOrEqual(MATCH_LIMIT + 2);
  });
});
