import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { simpleTriage } from '../alerts/testing/simple-triage.ts';
import { createEventLog } from '../audit/event-log.ts';
import { createAssignmentService } from '../cases/assignment-service.ts';
import { REPEAT_WINDOW_DAYS, createCaseService } from '../cases/case-service.ts';
import { petitionView } from '../cases/case-view.ts';
import { CHANNELS } from '../cases/petition-schema.ts';
import { DECISIONS, OUTCOMES, SATISFACTION, type Outcome } from '../cases/workflow.ts';
import { createManualClock } from '../clock.ts';
import { createDraftStore } from '../drafting/draft-store.ts';
import { mulberry32 } from '../random.ts';
import { DUTY_CLOCKS, YELLOW_DAYS, addDays, localDate } from '../statutory-clocks.ts';
import { CATEGORIES } from '../triage/types.ts';
import { computeStats } from './stats-read.ts';
import { migrate, openDb, readMigrations, type Db } from './db.ts';
import { createPiiCipher } from './pii-cipher.ts';
import { SearchQuerySchema } from '../cases/search-query.ts';
import { deadlinesOf, filterChoices, searchPetitions } from './case-search.ts';
import type { PetitionRow } from './petitions-repo.ts';
import { placeCounts, supervisionBoard } from './read-model.ts';
import { recountChoices, recountStats } from './testing/recount-stats.ts';
import { openTestDb, sqliteOnly } from '../testing/test-db.ts';

const KEY = 'cd'.repeat(32);
const DAY = 86_400_000;
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/** The workflow's services on a real database, as registration and the pages use them. */
function office(db: Db) {
  const clock = createManualClock('2026-03-02T09:00:00+08:00');
  const events = createEventLog(db, clock);
  const cipher = createPiiCipher({ current: KEY });
  const identityKey = (v: string) => createHmac('sha256', KEY).update(v).digest('hex');
  // Categories and risk levels vary with the text, so the summaries see every kind of change.
  const triage = (text: string) => {
    const t = simpleTriage(text);
    const h = [...text].reduce((s, c) => (s * 31 + c.codePointAt(0)!) >>> 0, 7);
    const level = (['green', 'yellow', 'red'] as const)[h % 3];
    return { ...t, category: { ...t.category, label: CATEGORIES[h % 5] }, risk: { ...t.risk, level } };
  };
  const cases = createCaseService({ db, clock, events, identityKey, cipher, triage });
  const drafts = createDraftStore(db, clock);
  const assignments = createAssignmentService({
    db,
    clock,
    events,
    cases,
    departments: ['人力资源和社会保障局', '住房和城乡建设局'],
  });
  const reply = (id: string, outcome: Outcome) =>
    db.transaction(() => {
      const d = drafts.add(id, {
        kind: 'opinion',
        reply: `答复第${drafts.list(id).length + 1}稿`,
        provider: 'staff',
        createdBy: '科员',
      });
      drafts.approve(id, d.version, '科长');
      events.append({
        petitionId: id,
        type: 'draft_approved',
        actor: '科长',
        payload: { version: d.version, kind: 'opinion' },
      });
      return cases.recordReply(id, { actor: '科长', kind: 'opinion', outcome, draftId: d.version });
    })();
  return { clock, cases, assignments, reply };
}

/**
 * `steps` random things an office does, from a fixed seed: registrations (some received weeks before they are
 * registered, petitioners drawn from a small pool so repeats happen), moves, replies, follow-ups, extensions,
 * assignments and days passing. Refused actions are part of the walk (they roll back).
 */
function walk(db: Db, o: ReturnType<typeof office>, seed: number, steps: number) {
  const r = mulberry32(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const ids = (db.prepare('SELECT id FROM petitions').pluck().all() as string[]).slice();
  const move = (id: string, to: string, extra: Record<string, string> = {}) =>
    o.cases.transition(id, { to, actor: '科员', reason: '依程序办理', ...extra });
  const actions = [
    () => {
      const back = Math.floor(r() * 120) * DAY + Math.floor(r() * DAY);
      const who =
        r() < 0.7 ? { name: '张某', phone: `1380000${String(Math.floor(r() * 12)).padStart(4, '0')}` } : undefined;
      const p = o.cases.register(
        {
          text: `第${Math.floor(r() * 1e6)}号：${pick(['工资被拖欠', '物业乱收费', '征地补偿未发放', '噪音扰民'])}，请求处理。`,
          channel: pick(CHANNELS),
          location: r() < 0.8 ? pick(['清河镇', '城关街道', '东岭乡']) : undefined,
          received_at: new Date(o.clock.now().getTime() - back).toISOString(),
          petitioner: who,
          attachments: [],
        },
        '登记员',
      );
      ids.push(p.id);
    },
    (id: string) => move(id, 'screened', { decision: pick([...DECISIONS, 'accepted', 'accepted']) }),
    (id: string) => move(id, 'routed', r() < 0.5 ? { department: pick(['住房和城乡建设局', '城管局', '教育局']) } : {}),
    (id: string) => move(id, 'supervising'),
    (id: string) => move(id, pick(['closed', 'review', 'recheck', 'terminated'])),
    (id: string) => o.reply(id, pick(OUTCOMES)),
    (id: string) => o.cases.followUp(id, { satisfaction: pick(SATISFACTION), actor: '回访员' }),
    (id: string) => o.cases.extend(id, { days: 1 + Math.floor(r() * 30), reason: '情况复杂', actor: '科长' }),
    (id: string) =>
      o.assignments.assign(id, { department: '住房和城乡建设局', days: 1 + Math.floor(r() * 20), actor: '科员' }),
    () => o.clock.advance(Math.floor(r() * 4) * DAY),
  ];
  for (let i = 0; i < steps; i++) {
    const a = !ids.length || r() < 0.3 ? actions[0] : pick(actions.slice(1));
    try {
      a(pick(ids));
    } catch {
      // refused in this state: nothing written
    }
  }
}

const sorted = <T extends { key: string }>(xs: T[]) => [...xs].sort((a, b) => a.key.localeCompare(b.key));

/** The summaries' figures equal a fresh recount from the raw rows (dashboard, map, supervision). */
function expectSummariesMatchRows(db: Db, now: Date) {
  const s = computeStats(db, now);
  const raw = recountStats(db, now);
  expect({
    ...s,
    satisfaction: { ...s.satisfaction, byLevel: sorted(s.satisfaction.byLevel) },
    replyDays: null,
  }).toEqual({
    ...raw,
    satisfaction: { ...raw.satisfaction, byLevel: sorted(raw.satisfaction.byLevel) },
    replyDays: null,
  });
  expect(s.replyDays.n).toBe(raw.replyDays.n);
  if (raw.replyDays.mean !== null) expect(s.replyDays.mean!).toBeCloseTo(raw.replyDays.mean, 6);
  expect(s.replyDays.byMonth.map((m) => [m.month, m.n])).toEqual(raw.replyDays.byMonth.map((m) => [m.month, m.n]));
  s.replyDays.byMonth.forEach((m, i) => expect(m.value!).toBeCloseTo(raw.replyDays.byMonth[i].value!, 6));

  const places = db
    .prepare(
      "SELECT location, COUNT(*) AS n, SUM(CASE WHEN risk_level IN ('red', 'yellow') THEN 1 ELSE 0 END) AS warned FROM petitions WHERE location IS NOT NULL GROUP BY location",
    )
    .all();
  expect(sorted(placeCounts(db).map((p) => ({ key: p.location, ...p })))).toEqual(
    sorted((places as { location: string }[]).map((p) => ({ key: p.location, ...p }))),
  );

  // The search form's choices and the unfiltered register's size.
  expect(filterChoices(db)).toEqual(recountChoices(db));
  const all = searchPetitions(db, SearchQuerySchema.parse({}), localDate(now), (v) => v);
  expect(all.total).toBe(db.prepare('SELECT COUNT(*) FROM petitions').pluck().get());

  // Supervision: every petition's 三色牌 worked out from its own clocks, as its page shows it.
  const rows = db.prepare('SELECT * FROM petitions').all() as PetitionRow[];
  const clocks = deadlinesOf(
    db,
    rows.map((p) => p.id),
  );
  const views = rows.map((p) => petitionView(p, clocks.get(p.id) ?? [], null, now));
  const today = localDate(now);
  const board = supervisionBoard(db, today, addDays(today, YELLOW_DAYS), 100_000);
  const ids = (l: { rows: PetitionRow[] }) => l.rows.map((p) => p.id).sort();
  const red = views
    .filter((v) => v.supervision.colour === 'red')
    .map((v) => v.id)
    .sort();
  const yellow = views
    .filter((v) => v.supervision.colour === 'yellow' && v.status !== 'closed')
    .map((v) => v.id)
    .sort();
  const queue = views
    .filter((v) => v.status === 'supervising')
    .map((v) => v.id)
    .sort();
  expect([ids(board.overdue), board.overdue.total]).toEqual([red, red.length]);
  expect([ids(board.nearly), board.nearly.total]).toEqual([yellow, yellow.length]);
  expect([ids(board.queue), board.queue.total]).toEqual([queue, queue.length]);
  return {
    petitions: rows.length,
    departments: recountChoices(db).departments.length,
    red: red.length,
    yellow: yellow.length,
    replied: raw.replyDays.n,
    repeats: raw.repeat.repeats,
  };
}

function tempDb(migrations = readMigrations()) {
  const dir = mkdtempSync(join(tmpdir(), 'read-model-'));
  dirs.push(dir);
  return openDb(join(dir, 'x.db'), migrations);
}

describe('pages from maintained summaries (migration 017)', () => {
  it.each([24, 1017, 99])(
    'the summaries equal a recount from the rows after a random office walk (seed %i)',
    (seed) => {
      const db = openTestDb();
      const o = office(db);
      for (let round = 0; round < 3; round++) {
        walk(db, o, seed * 10 + round, 150);
        const seen = expectSummariesMatchRows(db, o.clock.now());
        expect(seen.petitions).toBeGreaterThan(20);
      }
      // The walk reached what the summaries count.
      const seen = expectSummariesMatchRows(db, o.clock.now());
      expect(seen.replied).toBeGreaterThan(0);
      expect(seen.repeats).toBeGreaterThan(0);
      expect(seen.red + seen.yellow).toBeGreaterThan(0);
      expect(seen.departments).toBeGreaterThan(1);
      db.close();
    },
  );

  it.skipIf(sqliteOnly('SQLite migration 017 on an older file; PostgreSQL starts at the 019 baseline'))(
    'migration 017 fills the summaries from the rows of an older database, and they stay right afterwards',
    () => {
      const db = tempDb(readMigrations().filter((m) => m.version < 17));
      expect(db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'stat_counts'").pluck().get()).toBe(0);
      // Today's code writes deadlines.reminded (migration 023): the older file has it only while today's code writes
      // the old rows, and loses it again before the migrations from 017 on run.
      db.exec('ALTER TABLE deadlines ADD COLUMN reminded INTEGER NOT NULL DEFAULT 0');
      const o = office(db);
      walk(db, o, 7, 400);
      db.exec('ALTER TABLE deadlines DROP COLUMN reminded');
      expect(
        migrate(
          db,
          readMigrations().filter((m) => m.version <= 17),
        ),
      ).toBe(1);
      migrate(db, readMigrations());
      const before = expectSummariesMatchRows(db, o.clock.now());
      expect(before.petitions).toBeGreaterThan(50);
      expect(before.replied).toBeGreaterThan(0);
      walk(db, o, 8, 200);
      expectSummariesMatchRows(db, o.clock.now());
      db.close();
    },
  );

  it('a refused registration leaves every count as it was', () => {
    const db = openTestDb();
    const o = office(db);
    walk(db, o, 3, 40);
    const counts = () => db.prepare('SELECT * FROM stat_counts ORDER BY dim, key').all();
    const before = counts();
    expect(() =>
      o.cases.register(
        { text: '工资被拖欠', channel: '走访', received_at: '1989-12-31T00:00:00Z', attachments: [] },
        '登记员',
      ),
    ).toThrow();
    expect(counts()).toEqual(before);
    db.close();
  });

  it('the triggers use the duty clocks of statutory-clocks.ts and the repeat window of case-service.ts', () => {
    const sql = readFileSync(new URL('./migrations/017-read-model.sql', import.meta.url), 'utf8');
    const lists = [...sql.matchAll(/kind IN \(([^)]*)\)/g)].map((m) =>
      m[1].split(',').map((k) => k.trim().replaceAll("'", '')),
    );
    expect(lists.length).toBeGreaterThan(5);
    for (const l of lists) expect(l).toEqual(DUTY_CLOCKS);
    expect([...sql.matchAll(/<= (\d+)\)/g)].map((m) => Number(m[1]))).toEqual([
      REPEAT_WINDOW_DAYS,
      REPEAT_WINDOW_DAYS,
      REPEAT_WINDOW_DAYS,
    ]);
  });
});
