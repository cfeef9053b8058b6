import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataError } from './data.ts';
import { CaseResultSchema, ReportSchema, type CaseResult } from './types.ts';

/** What must match for a run to be resumed: the same task over the same data (by SHA-256) and limit. */
export interface RunKey {
  task: string;
  data: { path: string; sha256: string }[];
  limit: number | null;
}

export const CASES_FILE = 'cases.jsonl';
const RUN_FILE = 'run.json';

/** The cases a previous run in `dir` finished (the last line per id wins; a line cut off by a kill is skipped). */
export function readFinished(dir: string): Map<string, CaseResult> {
  const found = new Map<string, CaseResult>();
  const file = join(dir, CASES_FILE);
  if (existsSync(file)) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      try {
        const c = CaseResultSchema.parse(JSON.parse(line));
        found.set(c.id, c);
      } catch {
        // A partial last line from an interrupted run: that case simply runs again.
      }
    }
  } else if (existsSync(join(dir, 'report.json'))) {
    // A report written before cases were streamed: its cases are the finished ones.
    for (const c of ReportSchema.parse(JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'))).cases)
      found.set(c.id, c);
  }
  return found;
}

/** The task, data and limit of the run last started in `dir`: run.json, or an older run's report.json. */
function previousKey(dir: string): RunKey | null {
  if (existsSync(join(dir, RUN_FILE))) return JSON.parse(readFileSync(join(dir, RUN_FILE), 'utf8')) as RunKey;
  if (!existsSync(join(dir, 'report.json'))) return null;
  const meta = ReportSchema.parse(JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'))).meta;
  return { task: meta.task, data: meta.data, limit: meta.limit };
}

function sameRun(a: RunKey, b: RunKey): string | null {
  if (a.task !== b.task) return `task ${b.task} ≠ ${a.task}`;
  if (a.limit !== b.limit) return `limit ${b.limit} ≠ ${a.limit}`;
  const shas = (k: RunKey) => k.data.map((d) => d.sha256).join(',');
  if (shas(a) !== shas(b)) return 'the data files changed (SHA-256)';
  return null;
}

/**
 * Opens DIR for a run: every case is appended to DIR/cases.jsonl as it finishes, so an interrupted run
 * loses nothing. With `resume`, the cases a previous run of the same task and data answered without an
 * error are returned and kept; the missing and failed ones run again.
 */
export function openRun(
  dir: string,
  key: RunKey,
  resume: boolean,
): { kept: Map<string, CaseResult>; append(c: CaseResult): void } {
  mkdirSync(dir, { recursive: true });
  const runFile = join(dir, RUN_FILE);
  let kept = new Map<string, CaseResult>();
  if (resume) {
    const why = previousKey(dir) && sameRun(previousKey(dir)!, key);
    if (why) throw new DataError(`cannot --resume in ${dir}: the earlier run differs (${why}); use another --out`);
  }
  if (resume) kept = new Map([...readFinished(dir)].filter(([, c]) => c.error === null));
  writeFileSync(runFile, `${JSON.stringify(key)}\n`);
  const casesFile = join(dir, CASES_FILE);
  // A fresh run starts an empty file; a resumed one rewrites it with the kept cases, dropping failed lines.
  writeFileSync(casesFile, [...kept.values()].map((c) => `${JSON.stringify(c)}\n`).join(''));
  return { kept, append: (c) => appendFileSync(casesFile, `${JSON.stringify(c)}\n`) };
}
