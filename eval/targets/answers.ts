import { readFileSync } from 'node:fs';
import { DataError } from '../data.ts';
import type { Call, EntryInfo } from '../types.ts';
import type { CallOutcome } from './types.ts';

/**
 * Answers an entry produced elsewhere (`--answers FILE.jsonl`): one line per case id holding the contract's
 * answer for each call, keyed by the call's name or its endpoint —
 * `{"id": "e1", "analyze": {...}}`, `{"id": "r1", "/v1/draft": {...}}` — or `{"id": "x", "error": "..."}`
 * for a case the entry failed. An optional line `{"info": {"name", "version", "model"}}` says who the entry is.
 */
export interface AnswerBook {
  path: string;
  info: EntryInfo | null;
  size: number;
  answer(caseId: string, call: Call): CallOutcome;
}

export function loadAnswers(path: string): AnswerBook {
  const byId = new Map<string, Record<string, unknown>>();
  let info: EntryInfo | null = null;
  readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .forEach((line, i) => {
      if (!line.trim()) return;
      let row: Record<string, unknown>;
      try {
        row = JSON.parse(line);
      } catch (err) {
        throw new DataError(`${path}:${i + 1}: not JSON (${(err as Error).message})`);
      }
      if (row && typeof row === 'object' && row.id === undefined && row.info && typeof row.info === 'object') {
        info = row.info as EntryInfo;
        return;
      }
      if (!row || typeof row !== 'object' || (typeof row.id !== 'string' && typeof row.id !== 'number')) {
        throw new DataError(`${path}:${i + 1}: an answer line needs an "id" (the case id)`);
      }
      if (byId.has(String(row.id))) throw new DataError(`${path}:${i + 1}: a second answer for case ${row.id}`);
      byId.set(String(row.id), row);
    });
  return {
    path,
    info,
    size: byId.size,
    answer(caseId, call) {
      const row = byId.get(caseId);
      if (!row)
        return { ok: false, status: null, error: 'no_answer: the answers file has no line for this case', ms: 0 };
      if (typeof row.error === 'string') return { ok: false, status: null, error: `entry_error: ${row.error}`, ms: 0 };
      const json = row[call.name] ?? row[call.endpoint];
      if (json === undefined)
        return { ok: false, status: null, error: `no_answer: no "${call.name}" answer for this case`, ms: 0 };
      return { ok: true, status: 200, json, ms: typeof row.ms === 'number' ? row.ms : 0 };
    },
  };
}
