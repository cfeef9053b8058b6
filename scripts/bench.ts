/**
 * Speed of the analysis path, measured in-process (not part of npm test):
 *   npm run bench
 * Prints model load time, resource load time, and p50/p95 of analyze() with and without clause retrieval
 * for a 300-character petition.
 */
import { performance } from 'node:perf_hooks';
import { loadResources } from '../src/analysis/resources.ts';
import { createManualClock } from '../src/clock.ts';
import { testConfig } from '../src/config.ts';
import { createDeps } from '../src/deps.ts';
import { loadTriageParts } from '../src/triage/builtin.ts';

const PETITION =
  '尊敬的领导：我们是城东新区某住宅项目的木工班组，共十四人，从去年十一月起在工地干活。包工头和施工总承包单位互相推诿，' +
  '十一月到今年一月的工资一共九万六千元至今没有发放。我们多次到项目部讨要，对方只说等甲方拨款，还让保安把我们赶出来。' +
  '临近过年，家里老人要看病，孩子要交学费，大家都急得睡不着觉。我们去劳动监察大队反映过一次，说会协调，但一个月过去了没有任何消息。' +
  '请政府督促施工单位依法支付拖欠的工资，并对拖欠农民工工资的行为依法处理。如果再拖下去，我们只能去市里反映了。' +
  '附：欠薪名单和考勤记录已交项目部，项目经理口头承认欠款但拒绝签字确认，我们手里有微信聊天记录和转账截图可以作证，恳请各位领导尽快处理，谢谢！';

const config = testConfig();
const ms = (t: number) => `${(performance.now() - t).toFixed(0)} ms`;

let t = performance.now();
await loadTriageParts(config);
console.log(`model load (emotion, category, self-harm): ${ms(t)}`);

t = performance.now();
const resources = await loadResources(config);
console.log(`resources (corpus ${resources.corpus.articles.length} articles, index, cases, models): ${ms(t)}`);

// The service's own wiring (src/deps.ts) on an in-memory database; resources come from the cache above.
const deps = await createDeps(config, { clock: createManualClock('2026-03-02T00:00:00Z') });
const analyzer = deps.analyzer;

/**
 * Calls before timing: a running service has long since compiled its hot paths, so the figures are steady-state
 * latency. With 20 the first series still paid for the JIT (it came out slower than the larger second series).
 */
const WARM_UP = 200;

function measure(name: string, n: number, fn: () => unknown) {
  for (let i = 0; i < WARM_UP; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = performance.now();
    fn();
    times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  const p = (q: number) => times[Math.min(times.length - 1, Math.floor(times.length * q))].toFixed(2);
  console.log(
    `${name}: p50 ${p(0.5)} ms, p95 ${p(0.95)} ms, p99 ${p(0.99)} ms (n=${n} after ${WARM_UP} warm-up calls, ${[...PETITION].length} characters)`,
  );
}

measure('analyze without clauses', 500, () => analyzer.analyze({ text: PETITION, clausesK: 0 }));
measure('analyze with 5 clauses', 300, () => analyzer.analyze({ text: PETITION, clausesK: 5 }));
const times: number[] = [];
for (let i = 0; i < 50; i++) {
  const s = performance.now();
  await analyzer.draft({ text: PETITION });
  times.push(performance.now() - s);
}
times.sort((a, b) => a - b);
console.log(`draft (offline, incl. analysis): p50 ${times[25].toFixed(2)} ms (n=50)`);
deps.close();
