/**
 * Load time and per-call latency of the built-in emotion and category models (not a test).
 *   npx tsx scripts/bench-triage-models.ts
 */
import { join } from 'node:path';
import { loadBuiltinModels } from '../src/triage/builtin-models.ts';

const MODELS_DIR = process.env.MODELS_DIR ?? join(process.cwd(), 'models');
// A self-written ~300-character petition.
const PETITION = (
  '我是某某建筑公司的农民工，去年在城南安置小区工地干了十个月，老板一直拖欠工资三万八千元，' +
  '我们去公司找了很多次，每次都说下个月给，到现在已经拖了半年。家里老人生病住院，孩子上学要交学费，' +
  '实在没有办法了。我们十几个工友都是一样的情况，去劳动监察大队反映过，也说会处理，但一直没有结果。' +
  '请政府帮我们讨回血汗钱，如果再不解决，我们只能一起去市政府门口讨说法了。'
)
  .repeat(2)
  .slice(0, 300);

const t0 = performance.now();
const models = loadBuiltinModels({ modelsDir: MODELS_DIR });
const loadMs = performance.now() - t0;

function p50(f: () => void, n = 300): number {
  for (let i = 0; i < 20; i++) f();
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = performance.now();
    f();
    times.push(performance.now() - s);
  }
  return times.sort((a, b) => a - b)[Math.floor(n / 2)];
}

const emotionMs = p50(() => models.analyzeEmotion(PETITION));
const categoryMs = p50(() => models.classifyCategory(PETITION, '拖欠农民工工资'));
console.log(
  `load ${loadMs.toFixed(0)} ms; p50 analyzeEmotion ${emotionMs.toFixed(2)} ms, classifyCategory ${categoryMs.toFixed(2)} ms (${PETITION.length} chars)`,
);
