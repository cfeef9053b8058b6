/**
 * Fills a database for scripts/bench-scale.ts through the store's own registration path: the case service's
 * register (sealing, petitioner, clocks, case file, repeat finder, match index, clusters and alerts) in batches of
 * BATCH petitions a transaction, with a stand-in triage (the real analysis costs ~40 ms a letter here; the HTTP
 * registrations of the benchmark run it). As the clock passes, earlier cases move on as an office's would:
 * screened after 2 days, routed after 3, replied after 20, followed up after 25; some go to 督办. Dispatch acknowledges
 * each red alert 2 minutes after it is raised.
 */
import { createHmac } from 'node:crypto';
import { createAlertService } from '../src/alerts/alert-service.ts';
import { createRepeatFinder } from '../src/alerts/repeats.ts';
import { simpleTriage } from '../src/alerts/testing/simple-triage.ts';
import { createEventLog } from '../src/audit/event-log.ts';
import { REPEAT_COUNT_CAP, REPEAT_WINDOW_DAYS, createCaseService } from '../src/cases/case-service.ts';
import { createNoteSealer } from '../src/cases/sealed-notes.ts';
import { textsAsWritten } from '../src/cases/sealed-text.ts';
import { OUTCOMES, SATISFACTION } from '../src/cases/workflow.ts';
import { createManualClock } from '../src/clock.ts';
import { createDraftStore } from '../src/drafting/draft-store.ts';
import { createLogger } from '../src/log.ts';
import { mulberry32 } from '../src/random.ts';
import { openDb, tx } from '../src/store/db.ts';
import { createPiiCipher } from '../src/store/pii-cipher.ts';
import { CATEGORIES, type TriageResult } from '../src/triage/types.ts';
import type { ScaleLetter } from './bench-scale-letters.ts';

const BATCH = 500;
const DAY_MS = 86_400_000;
const ACTOR = '窗口 王 [reception key_bench]';
const DISPATCHER = '值班员 李 [dispatch key_bench]';

export interface FillResult {
  ids: string[];
  seconds: number;
  /** Planted repeats and cluster members, and how many the service found (repeat finder; same cluster). */
  repeats: { planted: number; found: number };
  clusters: { planted: number; found: number };
}

/** Categories and a few yellow petitions by a hash of the text, so the pages have something to group. */
function standInTriage(text: string): TriageResult {
  const t = simpleTriage(text);
  const h = [...text.slice(0, 40)].reduce((s, c) => (s * 31 + c.codePointAt(0)!) >>> 0, 7);
  const level = t.risk.level === 'green' && h % 10 === 0 ? 'yellow' : t.risk.level;
  return { ...t, category: { ...t.category, label: CATEGORIES[h % CATEGORIES.length] }, risk: { ...t.risk, level } };
}

export function fillDatabase(
  dbPath: string,
  piiKey: string,
  letters: Iterable<ScaleLetter>,
  start: number,
  log: (s: string) => void,
): FillResult {
  const t0 = performance.now();
  const db = openDb(dbPath);
  // The fill measures nothing, and a crash only loses a benchmark file: no fsync, and the rollback journal in memory
  // instead of the WAL, so each page is written once rather than to the WAL and again at the checkpoint. At 275k
  // petitions (1M density) a registration costs ~25 % less (4.97 against 6.64 ms). Rollback still works; the measured
  // server reopens the file in WAL with synchronous = FULL (openDb).
  db.pragma('journal_mode = MEMORY');
  db.pragma('synchronous = OFF');
  // A page cache of FILL_CACHE_MIB (default 2,048 MiB; better-sqlite3's default is 16 MiB), as the indexes outgrow 16 MiB.
  // Not an A/B: the 1M fill took 6,404 s with it (2026-12-06, idle) against 7,583 s without (2026-12-05, idle).
  db.pragma(`cache_size = ${-1024 * Number(process.env.FILL_CACHE_MIB ?? 2048)}`);
  const clock = createManualClock(new Date(start));
  const events = createEventLog(db, clock);
  const cipher = createPiiCipher({ current: piiKey });
  const identityKey = (v: string) => createHmac('sha256', piiKey).update(v).digest('hex');
  const alerts = createAlertService({
    db,
    clock,
    events,
    log: createLogger('silent'),
    sealNote: createNoteSealer(db, cipher).seal,
  });
  const finder = createRepeatFinder(db, undefined, { textAsWritten: textsAsWritten(db, cipher) }); // as src/deps.ts
  const returned = new Map<string, string[]>();
  const nearDuplicates = (p: { id: string; text: string; receivedAt: string }) => {
    const found = finder.nearDuplicates(p, REPEAT_WINDOW_DAYS, REPEAT_COUNT_CAP);
    if (found.length) returned.set(p.id, found);
    return found;
  };
  const cases = createCaseService({
    db,
    clock,
    events,
    identityKey,
    cipher,
    triage: standInTriage,
    nearDuplicates,
    onTriaged: alerts.onTriaged,
  });
  const drafts = createDraftStore(db, clock);
  const r = mulberry32(17);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];

  // One FIFO a step: every case waits the same time for it, so each queue stays in time order.
  type Job = { at: number; id: string };
  const queues: Record<string, { delay: number; jobs: Job[]; head: number; run: (id: string) => void }> = {
    screen: { delay: 2 * DAY_MS, jobs: [], head: 0, run: (id) => screen(id) },
    route: {
      delay: 3 * DAY_MS,
      jobs: [],
      head: 0,
      run: (id) => move(id, 'routed', r() < 0.06 ? 'supervise' : 'reply'),
    },
    supervise: { delay: 10 * DAY_MS, jobs: [], head: 0, run: (id) => move(id, 'supervising', 'reply') },
    reply: { delay: 20 * DAY_MS, jobs: [], head: 0, run: (id) => reply(id) },
    // Dispatch acknowledges a red alert within minutes (the alert's 3-minute response time).
    ack: { delay: 2 * 60_000, jobs: [], head: 0, run: (id) => alerts.ack(id, { actor: DISPATCHER }) },
    followUp: {
      delay: 25 * DAY_MS,
      jobs: [],
      head: 0,
      run: (id) =>
        cases.followUp(id, { satisfaction: pick([...SATISFACTION, '满意', '满意', '基本满意']), actor: '回访员' }),
    },
  };
  const later = (queue: string, id: string) =>
    queues[queue].jobs.push({ at: clock.now().getTime() + queues[queue].delay, id });
  const screen = (id: string) => {
    const u = r();
    const decision = u < 0.85 ? 'accepted' : u < 0.95 ? 'forwarded' : 'not_accepted';
    cases.transition(id, { to: 'screened', decision, actor: ACTOR, reason: '依程序甄别' });
    if (decision === 'accepted') later('route', id);
    else if (r() < 0.7) later('reply', id);
  };
  const move = (id: string, to: string, next: string) => {
    cases.transition(id, { to, actor: ACTOR, reason: '依程序办理' });
    if (r() < 0.85) later(next, id);
  };
  const reply = (id: string) => {
    const d = drafts.add(id, {
      kind: 'opinion',
      reply: '经调查核实，现答复如下。',
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
    cases.recordReply(id, { actor: '科长', kind: 'opinion', outcome: pick(OUTCOMES), draftId: d.version });
    if (r() < 0.7) later('followUp', id);
  };
  let refused = 0;
  /** Runs every step due by `t`, earliest first, with the clock at its time. */
  const runDue = (t: number) => {
    for (;;) {
      let next: (typeof queues)[string] | undefined;
      for (const q of Object.values(queues))
        if (q.head < q.jobs.length && q.jobs[q.head].at <= t && (!next || q.jobs[q.head].at < next.jobs[next.head].at))
          next = q;
      if (!next) return;
      const job = next.jobs[next.head++];
      clock.set(new Date(job.at));
      try {
        next.run(job.id);
      } catch (e) {
        refused++; // a move the workflow refuses in the case's state: nothing written, the fill goes on
        if (refused <= 3) log(`  refused: ${(e as Error).message}`);
      }
      if (next.head > 10_000) (next.jobs = next.jobs.slice(next.head)), (next.head = 0);
    }
  };

  const alertsOf = db.prepare('SELECT id FROM alerts WHERE petition_id = ? AND acked_at IS NULL').pluck();
  const ids: string[] = [];
  const plants: { id: number; of: number; kind: 'repeat' | 'cluster' }[] = [];
  const soFar = { planted: 0, found: 0 }; // planted repeats, and those whose source the finder returned
  let batch: ScaleLetter[] = [];
  const flush = () =>
    tx(db, () => {
      for (const l of batch) {
        runDue(start + l.at);
        clock.set(new Date(start + l.at));
        const p = cases.register(
          {
            title: l.title ?? undefined,
            text: l.text,
            channel: l.channel,
            location: l.location ?? undefined,
            attachments: [],
            petitioner: l.phone ? { name: `${pick(['王', '李', '张', '刘', '陈'])}某`, phone: l.phone } : undefined,
          },
          ACTOR,
        );
        for (const a of alertsOf.all(p.id) as string[]) later('ack', a);
        if (l.plant) plants.push({ id: ids.length, of: l.plant.of, kind: l.plant.kind });
        // Counted as it happens, so that a fill stopped part-way still says how the repeat finder did so far.
        if (l.plant?.kind === 'repeat') {
          soFar.planted++;
          if ((returned.get(p.id) ?? []).includes(ids[l.plant.of])) soFar.found++;
        }
        ids.push(p.id);
        if (r() < 0.97) later('screen', p.id);
      }
      batch = [];
    });
  for (const l of letters) {
    batch.push(l);
    if (batch.length === BATCH) {
      flush();
      if (ids.length % 5_000 === 0)
        log(
          `  … ${ids.length.toLocaleString('en')} petitions, ${((performance.now() - t0) / 1000).toFixed(0)} s; planted repeats found so far ${soFar.found} / ${soFar.planted}`,
        );
    }
  }
  if (batch.length) flush();

  const sameCluster = db
    .prepare(
      'SELECT 1 FROM cluster_members a JOIN cluster_members b ON b.cluster_id = a.cluster_id WHERE a.petition_id = ? AND b.petition_id = ?',
    )
    .pluck();
  const count = (kind: string, found: (p: { id: number; of: number }) => boolean) => {
    const of = plants.filter((p) => p.kind === kind);
    return { planted: of.length, found: of.filter(found).length };
  };
  const repeats = { ...soFar }; // counted at registration, above
  const clusters = count('cluster', (p) => Boolean(sameCluster.get(ids[p.id], ids[p.of])));
  alerts.close();
  db.close();
  return { ids, seconds: (performance.now() - t0) / 1000, repeats, clusters };
}

/**
 * Acknowledges every open alert as dispatch would, now (a database filled before the fill acknowledged its alerts):
 * without it the measured server would spend the load test escalating a backlog no office leaves standing.
 */
export function acknowledgeOpenAlerts(dbPath: string, piiKey: string): number {
  const db = openDb(dbPath);
  const clock = createManualClock(new Date());
  const alerts = createAlertService({
    db,
    clock,
    events: createEventLog(db, clock),
    log: createLogger('silent'),
    sealNote: createNoteSealer(db, createPiiCipher({ current: piiKey })).seal,
  });
  const open = db
    .prepare('SELECT id FROM alerts WHERE acked_at IS NULL ORDER BY created_at, id')
    .pluck()
    .all() as string[];
  tx(db, () => {
    for (const id of open) alerts.ack(id, { actor: DISPATCHER });
  });
  alerts.close();
  db.close();
  return open.length;
}
