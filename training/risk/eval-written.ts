/**
 * Risk levels of the service on the written corpus, per split. Blind figures are aggregates only: no row of the
 * blind split is ever printed, and nobody tunes on its errors (BLIND.md, training/risk/README.md).
 *
 *   npx tsx training/risk/eval-written.ts [train|dev|blind ...] [--errors]   (--errors lists dev/train misses only)
 */
import { loadConfig } from '../../src/config.ts';
import { loadTriageParts } from '../../src/triage/builtin.ts';
import { createTriage } from '../../src/triage/triage.ts';
import type { RiskLevel } from '../../src/triage/types.ts';
import { readSplit, type Split, writersOf } from './corpus.ts';

const args = process.argv.slice(2);
const splits = (args.filter((a) => !a.startsWith('--')) as Split[]).length
  ? (args.filter((a) => !a.startsWith('--')) as Split[])
  : (['train', 'dev'] as Split[]);
const showErrors = args.includes('--errors');

const { parts } = await loadTriageParts(loadConfig({}));
const triage = createTriage(parts);

for (const split of splits) {
  const rows = readSplit(split);
  const m: Record<RiskLevel, Record<RiskLevel, number>> = {
    red: { red: 0, yellow: 0, green: 0 },
    yellow: { red: 0, yellow: 0, green: 0 },
    green: { red: 0, yellow: 0, green: 0 },
  };
  const redByKind: Record<string, [number, number]> = {};
  const errors: string[] = [];
  for (const r of rows) {
    const got = triage.analyze(r.text).risk.level;
    m[r.risk][got]++;
    if (r.risk === 'red') {
      const k = (redByKind[r.kind] ??= [0, 0]);
      k[1]++;
      if (got === 'red') k[0]++;
    }
    if (showErrors && !split.startsWith('blind') && got !== r.risk)
      errors.push(`${r.id} gold ${r.risk} got ${got} [${r.kind}] ${r.text}`);
  }
  const n = (g: RiskLevel) => m[g].red + m[g].yellow + m[g].green;
  const acc = (m.red.red + m.yellow.yellow + m.green.green) / rows.length;
  console.log(
    `${split}: ${rows.length} petitions by ${writersOf(rows).length} writers (red ${n('red')}, yellow ${n('yellow')}, green ${n('green')})`,
  );
  console.log(
    `  red recall ${(m.red.red / n('red')).toFixed(3)}; red as green ${m.red.green}; false reds ${m.green.red} of ${n('green')} greens (${((100 * m.green.red) / n('green')).toFixed(1)} %), yellows as red ${m.yellow.red}; level accuracy ${acc.toFixed(3)}`,
  );
  console.log(
    `  red recall by kind: ${Object.entries(redByKind)
      .map(([k, [a, b]]) => `${k} ${a}/${b}`)
      .join(', ')}`,
  );
  console.log(
    `  confusion (gold → got red/yellow/green): red ${Object.values(m.red).join('/')}, yellow ${Object.values(m.yellow).join('/')}, green ${Object.values(m.green).join('/')}`,
  );
  if (errors.length) console.log(errors.join('\n'));
}
