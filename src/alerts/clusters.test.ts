import { describe, expect, it } from 'vitest';
import { createAlertsRepo } from '../store/alerts-repo.ts';
import { createPetitionsRepo } from '../store/petitions-repo.ts';
import { createPiiCipher } from '../store/pii-cipher.ts';
import { assessRisk } from '../triage/risk.ts';
import { createTriage } from '../triage/triage.ts';
import { createClusterer } from './clusters.ts';
import { createMatchIndex } from './match-index.ts';
import { alertFixture } from './testing/alert-fixture.ts';
import type { AlertEvidence } from './types.ts';
import { simpleTriage } from './testing/simple-triage.ts';
import { WAGE_PETITIONS } from '../testing/wage-petitions.ts';

const idNumber = (i: number) => `11010519800101${String(1000 + i)}`;
const day = (d: number) => `2026-03-${String(2 + d).padStart(2, '0')}T10:00:00+08:00`;

type Fixture = Awaited<ReturnType<typeof alertFixture>>;
// The service clock stands after every letter's received_at: a date more than a day ahead of it is refused (400).
const AFTER_THE_LETTERS = '2026-03-31T09:00:00+08:00';
const clusterAlerts = (f: Fixture) => f.deps.alerts.list({ kind: 'cluster', limit: 50, offset: 0 }).items;
const allClusters = (f: Fixture) => f.deps.alerts.clusters.list({ limit: 50, offset: 0 }).items;

describe('mass-incident clusters', () => {
  it('raises a red cluster alert listing the members when 5 distinct petitioners name one employer within 7 days', async () => {
    const f = await alertFixture(AFTER_THE_LETTERS);
    const ids = WAGE_PETITIONS.map(
      (text, i) => f.register(text, { received_at: day(i), petitioner: { id_number: idNumber(i) } }).id,
    );
    const [alert] = clusterAlerts(f);
    expect(alert).toMatchObject({ kind: 'cluster', level: 'red', reason: 'mass_petitioners', petition_id: ids[4] });
    expect(alert.evidence).toMatchObject({
      matter: { kind: 'employer', name: '宏达建筑公司' },
      distinct_petitioners: 5,
    });
    expect(alert.evidence.members!.map((m) => m.petition_id).sort()).toEqual([...ids].sort());
    const cluster = f.deps.alerts.clusters.get(alert.cluster_id!);
    expect(cluster).toMatchObject({ alert_id: alert.id, distinct_petitioners: 5, matter_kind: 'employer' });
    expect(f.deps.events.forPetition(ids[4]).find((e) => e.type === 'alert_raised')?.payload).toMatchObject({
      kind: 'cluster',
      cluster_id: cluster.id,
    });
    for (const id of ids.slice(0, 4)) {
      expect(
        f.deps.events
          .forPetition(id)
          .filter((e) => e.type === 'cluster_alert')
          .map((e) => e.payload),
      ).toEqual([{ alert_id: alert.id, cluster_id: cluster.id, raised_by: ids[4] }]);
    }
    expect(f.deps.events.verify()).toMatchObject({ ok: true });
    await f.settle();
    expect(f.pushed.map((m) => [m.type, m.alert.kind])).toEqual([['alert', 'cluster']]);
  });

  it('makes every member of an alerted cluster red: on its record, in the risk filter and in its case file', async () => {
    const f = await alertFixture(AFTER_THE_LETTERS);
    const ids = WAGE_PETITIONS.map(
      (text, i) => f.register(text, { received_at: day(i), petitioner: { id_number: idNumber(i) } }).id,
    );
    const late = f.register('宏达建筑公司还欠我两个月工资没结。', {
      received_at: day(5),
      petitioner: { id_number: idNumber(9) },
    }).id;
    for (const id of [...ids, late]) {
      const view = f.deps.cases.view(id);
      expect(view.risk_level).toBe('red');
      expect(view.triage.risk.level).toBe('red');
      expect(view.triage.risk.signals.map((s: { code: string }) => s.code)).toContain('cluster_alert');
    }
    const reds = f.deps.cases.list({ risk: 'red', limit: 50, offset: 0 }).items.map((p: { id: string }) => p.id);
    expect(reds.sort()).toEqual([...ids, late].sort());
    const raised = f.deps.events.forPetition(ids[0]).filter((e) => e.type === 'risk_raised');
    expect(raised.map((e) => e.payload)).toEqual([{ from: expect.any(String), to: 'red', reason: 'cluster_alert' }]);
    expect(f.deps.events.verify()).toMatchObject({ ok: true });
  });

  it('raises no alert for 4 petitioners, though they form a cluster', async () => {
    const f = await alertFixture(AFTER_THE_LETTERS);
    WAGE_PETITIONS.slice(0, 4).forEach((text, i) =>
      f.register(text, { received_at: day(i), petitioner: { id_number: idNumber(i) } }),
    );
    expect(clusterAlerts(f)).toEqual([]);
    expect(allClusters(f)).toEqual([expect.objectContaining({ distinct_petitioners: 4, alert_id: null })]);
  });

  it('counts one petitioner writing five times as one petitioner', async () => {
    const f = await alertFixture(AFTER_THE_LETTERS);
    WAGE_PETITIONS.forEach((text, i) =>
      f.register(text, { received_at: day(i), petitioner: { phone: '13812345678' } }),
    );
    expect(clusterAlerts(f)).toEqual([]);
    expect(allClusters(f)[0]).toMatchObject({ distinct_petitioners: 1 });
    expect(allClusters(f)[0].members).toHaveLength(5);
  });

  it('counts the co-petitioners and representatives who signed: two letters signed by six workers are a mass incident', async () => {
    const f = await alertFixture(AFTER_THE_LETTERS);
    const people = (from: number, n: number) =>
      Array.from({ length: n }, (_, i) => ({ id_number: idNumber(from + i) }));
    f.register(WAGE_PETITIONS[0], {
      received_at: day(0),
      petitioner: { id_number: idNumber(0) },
      co_petitioners: people(1, 3),
    });
    const second = f.register(WAGE_PETITIONS[1], {
      received_at: day(1),
      petitioner: { id_number: idNumber(4) },
      representatives: people(5, 1),
    });
    const [alert] = clusterAlerts(f);
    expect(alert).toMatchObject({
      reason: 'mass_petitioners',
      petition_id: second.id,
      evidence: { distinct_petitioners: 6 },
    });
    expect(allClusters(f)[0]).toMatchObject({ distinct_petitioners: 6 });
    expect(allClusters(f)[0].members).toHaveLength(2);
  });

  it('counts a person once whether they sign as petitioner, co-petitioner or representative, in any letter', async () => {
    const f = await alertFixture(AFTER_THE_LETTERS);
    // The same two people write five times, taking turns as first petitioner and co-signer: a repeat, not a group.
    WAGE_PETITIONS.forEach((text, i) => {
      const [a, b] =
        i % 2
          ? [{ phone: '13812345678' }, { id_number: idNumber(1) }]
          : [{ id_number: idNumber(1) }, { phone: '138-1234-5678' }];
      f.register(text, {
        received_at: day(i),
        petitioner: a,
        ...(i === 4 ? { representatives: [b] } : { co_petitioners: [b] }),
      });
    });
    expect(clusterAlerts(f)).toEqual([]);
    expect(allClusters(f)[0]).toMatchObject({ distinct_petitioners: 2 });
    expect(allClusters(f)[0].members).toHaveLength(5);
  });

  it('does not cluster the same matter 10 days apart', async () => {
    const f = await alertFixture(AFTER_THE_LETTERS);
    f.register(WAGE_PETITIONS[0], { received_at: day(0) });
    f.register(WAGE_PETITIONS[1], { received_at: day(10) });
    expect(allClusters(f)).toEqual([]);
  });

  it('keeps a cluster within 7 days: later petitions on the matter start a new one', async () => {
    const f = await alertFixture(AFTER_THE_LETTERS);
    WAGE_PETITIONS.slice(0, 4).forEach((text, i) => f.register(text, { received_at: day(i * 2) })); // days 0, 2, 4, 6
    f.register(WAGE_PETITIONS[4], { received_at: day(9) });
    const clusters = allClusters(f);
    expect(clusters.map((c) => c.members.map((m) => m.received_at.slice(8, 10)))).toEqual([
      ['06', '08', '11'], // days 4-9: the newer cluster reaches back BACKFILL_DAYS (5), the newer cluster first
      ['02', '04', '06', '08'], // days 0-6
    ]);
    for (const c of clusters)
      expect(new Date(c.last_received_at).getTime() - new Date(c.first_received_at).getTime()).toBeLessThanOrEqual(
        7 * 86_400_000,
      );
  });

  it('opens no cluster for a match older than BACKFILL_DAYS that no cluster can take', async () => {
    const f = await alertFixture(AFTER_THE_LETTERS);
    f.register(WAGE_PETITIONS[0], { received_at: day(0) });
    f.register(WAGE_PETITIONS[1], { received_at: day(6) });
    expect(allClusters(f)).toEqual([]);
  });

  it('keeps membership bounded in a steady flood on one matter: a petition joins at most four clusters', async () => {
    const f = await alertFixture(AFTER_THE_LETTERS);
    // One letter every 6 hours for 20 days, all naming the same employer.
    const at = (i: number) => new Date(Date.parse(day(0)) + i * 6 * 3_600_000).toISOString();
    for (let i = 0; i < 80; i++) f.register(WAGE_PETITIONS[i % 5], { received_at: at(i) });
    const clusters = f.deps.alerts.clusters.list({ limit: 100, offset: 0 }).items;
    const joined = new Map<string, number>();
    for (const c of clusters)
      for (const m of c.members) joined.set(m.petition_id, (joined.get(m.petition_id) ?? 0) + 1);
    expect(joined.size).toBe(80);
    expect(Math.max(...joined.values())).toBeLessThanOrEqual(4);
    for (const c of clusters)
      expect(Date.parse(c.last_received_at) - Date.parse(c.first_received_at)).toBeLessThanOrEqual(7 * 86_400_000);
  });

  it('raises a cluster alert for one petition announcing a group action', async () => {
    const f = await alertFixture(AFTER_THE_LETTERS);
    const p = f.register('宏达建筑公司欠薪半年，我们三十多名工人明天去市政府门口聚集。');
    // The alert is red, so the petition is red too: one level on its page, in lists and in the case file.
    expect(p.risk_level).toBe('red');
    const [alert] = clusterAlerts(f);
    expect(alert).toMatchObject({ reason: 'group_action', petition_id: p.id });
    expect(alert.evidence.members).toEqual([expect.objectContaining({ petition_id: p.id, group_action: true })]);
  });

  it('forms clusters once: a re-triage neither adds a cluster nor a second alert', async () => {
    const f = await alertFixture(AFTER_THE_LETTERS);
    const p = f.register('宏达建筑公司欠薪半年，我们三十多名工人明天去市政府门口聚集。');
    f.deps.cases.retriage(p.id, 'supervisor');
    expect(allClusters(f)).toHaveLength(1);
    expect(clusterAlerts(f)).toHaveLength(1);
  });

  it('clusters near-identical letters that name no employer', async () => {
    const f = await alertFixture(AFTER_THE_LETTERS);
    const letter = '我们是某镇的养殖户，去年洪水冲毁鱼塘，补偿款至今没有发放，请求上级督促落实。';
    f.register(letter, { received_at: day(0) });
    f.register(letter.replace('去年', '2025年'), { received_at: day(1) });
    f.register('小区门口路灯坏了两个月，晚上出行不便，请尽快维修。', { received_at: day(1) });
    const clusters = allClusters(f);
    expect(clusters).toHaveLength(1);
    expect(clusters[0]).toMatchObject({ matter_kind: 'text' });
    expect(clusters[0].members).toHaveLength(2);
    expect(clusters[0].members[1].similarity).toBeGreaterThan(0.5);
  });
});

describe('with the real risk rules', () => {
  const triage = createTriage({
    emotion: (t) => simpleTriage(t).emotion,
    category: (t) => simpleTriage(t).category,
    risk: (t, ctx) => assessRisk(t, ctx),
  });
  const run = (text: string, title?: string, ctx?: object) => triage.analyze(text, title, ctx);

  it('raises a group-action cluster alert for an announced gathering, not for a negated one', async () => {
    const f = await alertFixture(undefined, run);
    f.register('宏达建筑公司欠薪半年，我们不会去聚集闹事，只想要回工资。');
    expect(clusterAlerts(f)).toEqual([]);
    const p = f.register('宏达建筑公司欠薪半年，我们三十多名工人准备去市政府门口拉横幅。');
    expect(clusterAlerts(f)).toEqual([expect.objectContaining({ reason: 'group_action', petition_id: p.id })]);
    expect(allClusters(f)[0].members).toHaveLength(2);
  });
});

describe('warming the feature cache at start', () => {
  // Five letters on one employer stored as rows; the first four clustered by one clusterer, the fifth by a new one
  // (a server just started), whose repo counts the stored petitions it reads.
  async function restarted() {
    const f = await alertFixture(AFTER_THE_LETTERS);
    const petitions = createPetitionsRepo(f.deps.db, createPiiCipher({ current: 'cd'.repeat(32) }));
    const letters = WAGE_PETITIONS.slice(0, 5).map((text, i) => ({
      id: `XF-W${i}`,
      text,
      title: null,
      receivedAt: day(24 + i),
    }));
    for (const p of letters)
      petitions.insert({
        id: p.id,
        title: null,
        text: p.text,
        sealed: null,
        channel: '网络',
        source: null,
        received_at: p.receivedAt,
        location: null,
        attachments: '[]',
        created_at: p.receivedAt,
      });
    const now = () => new Date(AFTER_THE_LETTERS).toISOString();
    const first = createClusterer(createAlertsRepo<AlertEvidence>(f.deps.db), now, createMatchIndex(f.deps.db));
    letters.slice(0, 4).forEach((p, i) => first.assign(p, false, () => `CL-${i}`));
    const repo = createAlertsRepo<AlertEvidence>(f.deps.db);
    let reads = 0;
    const counted = { ...repo, petitionText: (id: string) => (reads++, repo.petitionText(id)) };
    const clusterer = createClusterer(counted, now, createMatchIndex(f.deps.db));
    return { clusterer, late: letters[4], reads: () => reads };
  }

  it('reads the week into the cache, so the first registration reads no stored petition', async () => {
    const { clusterer, late, reads } = await restarted();
    let cursor = clusterer.warm(null, 3);
    expect(cursor).toMatchObject({ read: 3 }); // a full batch: there may be more
    cursor = clusterer.warm(cursor, 3);
    expect(cursor).toBeNull(); // the fifth was the last
    expect(clusterer.assign(late, false, () => 'CL-WARM')).toMatchObject({ id: 'CL-1' });
    expect(reads()).toBe(0);
  });

  it('reads each candidate from the database when not warmed (what the warm-up saves)', async () => {
    const { clusterer, late, reads } = await restarted();
    expect(clusterer.assign(late, false, () => 'CL-COLD')).toMatchObject({ id: 'CL-1' });
    expect(reads()).toBe(4);
  });
});
