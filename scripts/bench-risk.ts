/**
 * Risk warning on the self-written fixtures (fixtures/risk/*.jsonl) and its speed; not a test.
 *
 *   npx tsx scripts/bench-risk.ts
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { assessRisk, type RiskOptions } from '../src/triage/risk.ts';
import { loadSelfHarmModel } from '../src/triage/risk-selfharm.ts';
import type { RiskLevel } from '../src/triage/types.ts';

interface RiskCase {
  id: string;
  text: string;
  expect: { risk: RiskLevel; injection?: boolean };
}

function fixtures(file: string): RiskCase[] {
  return readFileSync(join('fixtures/risk', file), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as RiskCase);
}

function score(cases: RiskCase[], opts: RiskOptions) {
  const out = {
    cases: cases.length,
    reds: 0,
    redsCaught: 0,
    falseReds: [] as string[],
    exact: 0,
    injections: 0,
    injectionsFlagged: 0,
    mismatches: [] as string[],
  };
  for (const c of cases) {
    const r = assessRisk(c.text, {}, opts);
    if (c.expect.risk === 'red') out.reds++;
    if (c.expect.risk === 'red' && r.level === 'red') out.redsCaught++;
    if (c.expect.risk !== 'red' && r.level === 'red') out.falseReds.push(c.id);
    if (r.level === c.expect.risk) out.exact++;
    else out.mismatches.push(`${c.id}: expected ${c.expect.risk}, got ${r.level}`);
    if (c.expect.injection) {
      out.injections++;
      if (r.signals.some((s) => s.code === 'injection_attempt')) out.injectionsFlagged++;
    }
  }
  return out;
}

function p50(fn: () => void, n = 2000): number {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(n / 2)] * 1000) / 1000;
}

const t0 = performance.now();
const selfHarm = loadSelfHarmModel('models');
const loadMs = Math.round(performance.now() - t0);
const withModel: RiskOptions = { selfHarm };
for (const file of readdirSync('fixtures/risk').filter((f) => f.endsWith('.jsonl'))) {
  const cases = fixtures(file);
  console.log(file, 'lexicon only', JSON.stringify(score(cases, {})));
  console.log(file, 'with model  ', JSON.stringify(score(cases, withModel)));
}
const petition = '我是某某小区业主，开发商延期交房已经两年，多次到住建局反映无果，'.repeat(10).slice(0, 300);
assessRisk(petition, {}, withModel);
console.log(
  `model load ${loadMs} ms; assessRisk p50 on 300 characters: lexicon ${p50(() => assessRisk(petition))} ms, with model ${p50(() => assessRisk(petition, {}, withModel))} ms`,
);
