/**
 * How often real messages to a government platform come out red or yellow: the false-alarm load dispatch would
 * carry. The 2,416 messages of ../shared/bench/replies are ordinary complaints and requests (no labels): nearly
 * all red ones are false alarms, so every red is printed with its evidence for a person to judge.
 *
 *   npx tsx scripts/eval-risk-real.ts [file.jsonl]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../src/config.ts';
import { loadTriageParts } from '../src/triage/builtin.ts';
import { createTriage } from '../src/triage/triage.ts';

const file = process.argv[2] ?? join(import.meta.dirname, '../../shared/bench/replies/teddy-fj4-open.jsonl');
const rows = readFileSync(file, 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as { id: string; title?: string; text: string });

const { parts } = await loadTriageParts(loadConfig({}));
const triage = createTriage(parts);
const levels: Record<string, number> = { red: 0, yellow: 0, green: 0 };
const codes: Record<string, number> = {};
const reds: string[] = [];
for (const r of rows) {
  const risk = triage.analyze(r.text.slice(0, 20_000), r.title?.slice(0, 200)).risk;
  levels[risk.level]++;
  for (const code of new Set(risk.signals.filter((s) => s.weight >= 0.3).map((s) => s.code)))
    codes[code] = (codes[code] ?? 0) + 1;
  if (risk.level === 'red') {
    const why = risk.signals.filter((s) => s.weight >= 0.8).map((s) => `${s.code} 「${s.evidence}」`);
    reds.push(`  ${r.id}: ${why.join('; ')}`);
  }
}
const pct = (n: number) => `${((100 * n) / rows.length).toFixed(2)} %`;
console.log(
  `${rows.length} messages: red ${levels.red} (${pct(levels.red)}), yellow ${levels.yellow} (${pct(levels.yellow)}), green ${levels.green}`,
);
console.log('messages with a signal of weight ≥ 0.3, by code:', JSON.stringify(codes));
console.log('red, with the evidence that made it red:');
console.log(reds.join('\n'));
