import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { z } from 'zod';

export interface DataFile {
  path: string;
  sha256: string;
  rows: number;
}

/** A bad data file is the evaluator's mistake, not the entry's: it stops the run with the file and line. */
export class DataError extends Error {}

/**
 * Expands a data argument: a file, a directory (its *.jsonl files), or a simple `*` pattern in the last
 * path segment (fixtures/risk/*.jsonl). Sorted, so runs are repeatable.
 */
export function expandDataPaths(pattern: string): string[] {
  if (!pattern.includes('*')) {
    const st = statSync(pattern, { throwIfNoEntry: false });
    if (!st) throw new DataError(`data file not found: ${pattern}`);
    if (!st.isDirectory()) return [pattern];
    return readdirSync(pattern)
      .filter((f) => f.endsWith('.jsonl'))
      .sort()
      .map((f) => join(pattern, f));
  }
  const dir = dirname(pattern);
  const re = new RegExp(
    `^${basename(pattern)
      .split('*')
      .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) return [];
  return readdirSync(dir)
    .filter((f) => re.test(f))
    .sort()
    .map((f) => join(dir, f));
}

/** Reads JSON Lines, validating every row; returns the rows and the file's SHA-256 for the report. */
export function readJsonl<T>(path: string, schema: z.ZodType<T>): { rows: T[]; file: DataFile } {
  const buf = readFileSync(path);
  const rows: T[] = [];
  const lines = buf.toString('utf8').split(/\r?\n/);
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (err) {
      throw new DataError(`${path}:${i + 1}: not JSON (${(err as Error).message})`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issues = parsed.error.issues.slice(0, 3).map((x) => `${x.path.join('.') || '(row)'}: ${x.message}`);
      throw new DataError(`${path}:${i + 1}: row does not match the task's schema: ${issues.join('; ')}`);
    }
    rows.push(parsed.data);
  });
  return { rows, file: { path, sha256: createHash('sha256').update(buf).digest('hex'), rows: rows.length } };
}
