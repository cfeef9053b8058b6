import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { findDisagreements } from './report/disagreements.ts';
import { renderLeaderboardHtml } from './report/leaderboard-html.ts';
import { renderLeaderboardMarkdown } from './report/leaderboard-render.ts';
import { buildLeaderboard, type LeaderboardInput } from './report/leaderboard.ts';
import { readReport } from '../src/reports/write.ts';
import type { Report } from './types.ts';

export interface LeaderboardArgs {
  root: string;
  out: string;
  weights?: string;
  includeInSample?: boolean;
  resamples?: number;
  seed?: number;
}

/** The name an entry goes by: what the run recorded, else (reports before issue 20) where it was reached. */
export function reportEntry(r: Report): string {
  return r.meta.entry?.label ?? r.meta.target.url ?? `${r.meta.target.kind}@${r.meta.git.commit?.slice(0, 8) ?? '?'}`;
}

/**
 * `NAME=path` names the entry of that path; a folder without report.json stands for the reports one level
 * below it (what `--all --out DIR` writes), so `leaderboard runs/a runs/b` compares two whole runs.
 */
export function collectInputs(args: string[]): LeaderboardInput[] {
  const inputs: LeaderboardInput[] = [];
  for (const arg of args) {
    const m = /^([^=/\\]+)=(.+)$/.exec(arg);
    const path = resolve(m ? m[2] : arg);
    if (!existsSync(path)) throw new Error(`no report at ${path}`);
    const dirs =
      statSync(path).isDirectory() && !existsSync(join(path, 'report.json'))
        ? readdirSync(path)
            .sort()
            .map((d) => join(path, d))
            .filter((d) => existsSync(join(d, 'report.json')))
        : [path];
    if (dirs.length === 0) throw new Error(`no report.json in or under ${path}`);
    for (const d of dirs) {
      const report = readReport(d);
      inputs.push({ entry: m ? m[1] : reportEntry(report), report });
    }
  }
  return inputs;
}

/** `--weights emotion=2,replies=0.5` → {emotion: 2, replies: 0.5}. */
export function parseWeights(s: string | undefined): Record<string, number> {
  if (!s) return {};
  return Object.fromEntries(
    s.split(',').map((part) => {
      const [name, w] = part.split('=');
      const n = Number(w);
      if (!name || !Number.isFinite(n) || n < 0) throw new Error(`--weights takes name=weight pairs, got ${part}`);
      return [name.trim(), n];
    }),
  );
}

/** Builds the leaderboard from saved reports and writes leaderboard.{json,md,html} into `out`. */
export function leaderboardCommand(paths: string[], a: LeaderboardArgs): { md: string; files: string[] } {
  if (paths.length === 0) throw new Error('leaderboard needs report folders or report.json files');
  const lb = buildLeaderboard(collectInputs(paths), {
    weights: parseWeights(a.weights),
    includeInSample: a.includeInSample,
    resamples: a.resamples,
    seed: a.seed,
  });
  const dis = lb.tasks.filter((b) => b.standings.length > 1).map((b) => findDisagreements(b, a.root));
  const md = renderLeaderboardMarkdown(lb, dis);
  mkdirSync(a.out, { recursive: true });
  const files = ['leaderboard.json', 'leaderboard.md', 'leaderboard.html'].map((f) => join(a.out, f));
  // The JSON keeps figures, identities and disagreements, not the reports themselves (they are on disk).
  const plain = {
    ...lb,
    tasks: lb.tasks.map((b) => ({
      ...b,
      standings: b.standings.map(({ report, ...s }) => ({ ...s, report_started_at: report.meta.started_at })),
    })),
  };
  writeFileSync(files[0], `${JSON.stringify({ ...plain, disagreements: dis }, null, 1)}\n`);
  writeFileSync(files[1], md);
  writeFileSync(files[2], renderLeaderboardHtml(lb, dis));
  return { md, files };
}
