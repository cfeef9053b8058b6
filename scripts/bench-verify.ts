/**
 * The case file at 100,000 events (issue 17 done-when, issue 24 item 2): petition page-view latency with the
 * incremental check, against the full `/v1/audit/verify` (which every page view ran before). Not part of npm test.
 *   npm run bench:verify                       100,000 events, 20 viewed petitions, 5 views each
 *   npm run bench:verify -- --events 20000     a smaller case file
 * The bulk of the case file is written through the case service (registration with a stand-in triage, then a
 * screening transition: three events a petition) on a fresh SQLite file; the viewed petitions are registered
 * through the running app with the real analysis, so their pages render what staff see. Pages and verify are
 * timed in process through createApp(deps).request (no socket), on whatever this machine is (printed).
 */
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../src/app.ts';
import { createEventLog } from '../src/audit/event-log.ts';
import { simpleTriage } from '../src/alerts/testing/simple-triage.ts';
import { createCaseService } from '../src/cases/case-service.ts';
import { createManualClock } from '../src/clock.ts';
import { testConfig } from '../src/config.ts';
import { createDeps } from '../src/deps.ts';
import { openDb, tx } from '../src/store/db.ts';
import { createPiiCipher } from '../src/store/pii-cipher.ts';

const args = process.argv.slice(2);
const arg = (name: string, dflt: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : dflt);
const EVENTS = arg('--events', 100_000);
const VIEWED = arg('--viewed', 20);
const VIEWS = arg('--views', 5);
const PII_KEY = '5a'.repeat(32);
const ADMIN = 'xf_bench-admin-key-0123456789abcdef';

const SUBJECTS = [
  '某建筑公司拖欠农民工工资',
  '小区物业违规收取停车费',
  '村集体征地补偿款未发放到户',
  '学校违规补课收费',
  '企业排放污水污染农田',
  '医院收费项目不透明',
];
const DETAILS = [
  '已经半年，多次讨要无果',
  '多次向街道反映没有回音',
  '希望有关部门尽快核查处理',
  '涉及三十多户村民',
  '要求依法给予答复',
];
const letter = (i: number) =>
  `第${i}号来信：${SUBJECTS[i % SUBJECTS.length]}，${DETAILS[(i * 7) % DETAILS.length]}，金额约${(i % 90) + 10}万元。`;

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const ms = (x: number) => `${x.toFixed(1)} ms`;

function buildBulk(dbPath: string, target: number): { petitions: number; seconds: number } {
  const t0 = performance.now();
  const db = openDb(dbPath);
  const clock = createManualClock('2026-01-05T09:00:00+08:00');
  const cipher = createPiiCipher({ current: PII_KEY });
  const events = createEventLog(db, clock);
  const identityKey = (v: string) => createHmac('sha256', PII_KEY).update(v).digest('hex');
  const cases = createCaseService({ db, clock, events, identityKey, cipher, triage: (text) => simpleTriage(text) });
  const count = () => (db.prepare('SELECT MAX(seq) FROM events').pluck().get() as number | null) ?? 0;
  let i = 0;
  while (count() < target) {
    // 500 petitions a transaction: the same rows as one request each, written faster.
    tx(db, () => {
      for (let k = 0; k < 500 && count() < target; k++, i++) {
        const p = cases.register(
          {
            text: letter(i),
            channel: '网络',
            attachments: [],
            petitioner: { name: '王某', phone: `139${String(i).padStart(8, '0')}` },
          },
          '窗口 王 [reception key_bench]',
        );
        if (count() < target)
          cases.transition(p.id, {
            to: 'screened',
            decision: 'accepted',
            actor: '科员 [reception key_bench]',
            reason: '符合受理条件',
          });
      }
    });
    if (i % 5000 === 0) process.stdout.write(`  … ${count()} events\n`);
  }
  db.close();
  return { petitions: i, seconds: (performance.now() - t0) / 1000 };
}

/**
 * What anchoring adds to a commit: the same single-event transactions on a fresh file with the anchor file on and
 * off (each anchor is an append and an fsync after the database's own fsync).
 */
async function anchorCost(dir: string, commits: number): Promise<{ on: number; off: number }> {
  const { openCaseFile } = await import('../src/audit/case-file.ts');
  const { createLogger } = await import('../src/log.ts');
  const perCommit = async (anchorDir: string, name: string) => {
    const dbPath = join(dir, name);
    const db = openDb(dbPath);
    const clock = createManualClock('2026-01-05T09:00:00+08:00');
    const file = openCaseFile({ db, clock, log: createLogger('error'), dbPath, anchorDir, intervalMs: 0 });
    const t = performance.now();
    for (let k = 0; k < commits; k++) {
      tx(db, () =>
        file.events.append({
          petitionId: null,
          type: 'department_added',
          actor: 'bench',
          payload: { id: `D${k}`, name: '单位' },
        }),
      );
      await new Promise((r) => setImmediate(r)); // the anchor is written after the commit, before the answer
    }
    const each = (performance.now() - t) / commits;
    file.anchoring.close();
    db.close();
    return each;
  };
  return { off: await perCommit('off', 'off.db'), on: await perCommit(join(dir, 'anchors'), 'on.db') };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'xf-bench-verify-'));
  const dbPath = join(dir, 'xinfang.db');
  console.log(
    `machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), shared with other work; load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}; node ${process.version}`,
  );
  const bulk = buildBulk(dbPath, EVENTS - VIEWED * 2);
  console.log(`built ${bulk.petitions} petitions in ${bulk.seconds.toFixed(0)} s`);

  const deps = await createDeps(
    testConfig({ DB_PATH: dbPath, PII_KEY, ADMIN_API_KEY: ADMIN, RATE_LIMIT_PER_MIN: '0', LOG_LEVEL: 'error' }),
  );
  const app = createApp(deps);
  const auth = { authorization: `Bearer ${ADMIN}` };
  const ids: string[] = [];
  for (let k = 0; k < VIEWED; k++) {
    const res = await app.request('/v1/petitions', {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ text: letter(900_000 + k), channel: '书信' }),
    });
    if (res.status !== 201) throw new Error(`registration failed: ${res.status} ${await res.text()}`);
    ids.push((await res.json()).id);
  }
  const events = deps.db.prepare('SELECT MAX(seq) FROM events').pluck().get() as number;
  console.log(`case file: ${events} events, database ${(statSync(dbPath).size / 1e6).toFixed(0)} MB (+WAL)`);

  // Warm-up: first render compiles templates and fills caches.
  await (await app.request(`/petitions/${ids[0]}`, { headers: auth })).text();

  const page: number[] = [];
  const check: number[] = [];
  for (let v = 0; v < VIEWS; v++) {
    for (const id of ids) {
      let t = performance.now();
      const res = await app.request(`/petitions/${id}`, { headers: auth });
      const html = await res.text();
      page.push(performance.now() - t);
      if (res.status !== 200 || !html.includes('哈希链校验通过')) throw new Error(`page ${id}: ${res.status}`);
      t = performance.now();
      deps.events.verifyIncremental(id);
      check.push(performance.now() - t);
    }
  }
  const full: number[] = [];
  let last: { ok: boolean; events: number } = { ok: false, events: 0 };
  for (let r = 0; r < 3; r++) {
    const t = performance.now();
    const res = await app.request('/v1/audit/verify', { headers: auth });
    last = await res.json();
    full.push(performance.now() - t);
  }
  console.log(`\n| at ${events} events | p50 | p95 | max |`);
  console.log('|---|---|---|---|');
  console.log(
    `| petition page GET /petitions/:id (${page.length} views) | ${ms(pct(page, 50))} | ${ms(pct(page, 95))} | ${ms(Math.max(...page))} |`,
  );
  console.log(
    `| its case-file check alone (verifyIncremental) | ${ms(pct(check, 50))} | ${ms(pct(check, 95))} | ${ms(Math.max(...check))} |`,
  );
  console.log(`| GET /v1/audit/verify, full (3 runs) | ${ms(pct(full, 50))} | — | ${ms(Math.max(...full))} |`);
  console.log(`\nfull verify: ok=${last.ok} over ${last.events} events`);
  deps.close();
  const cost = await anchorCost(dir, 300);
  console.log(`one single-event commit (300 each): ${ms(cost.off)} without the anchor file, ${ms(cost.on)} with it`);
  rmSync(dir, { recursive: true, force: true });
}

await main();
