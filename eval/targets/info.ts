import { EntryInfoSchema, type EntryInfo } from '../types.ts';
import type { Target } from './types.ts';

/**
 * Asks an entry who it is (GET /v1/info, optional in the contract). An entry without the route is still
 * measured; the report then says why there is no identity instead of guessing one.
 */
export async function fetchEntryInfo(
  target: Target,
  timeoutMs = 5000,
): Promise<{ info: EntryInfo | null; error: string | null }> {
  if (!target.get) return { info: null, error: null };
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(), timeoutMs);
  try {
    const res = await target.get('/v1/info', ac.signal);
    const text = await res.text();
    if (res.status === 404) return { info: null, error: 'no /v1/info (404)' };
    if (!res.ok) return { info: null, error: `/v1/info: http_${res.status}` };
    const parsed = EntryInfoSchema.safeParse(JSON.parse(text));
    return parsed.success
      ? { info: parsed.data, error: null }
      : { info: null, error: '/v1/info: not an object with name/version/model strings' };
  } catch (err) {
    return { info: null, error: `/v1/info: ${(err as Error).message}` };
  } finally {
    clearTimeout(timer);
  }
}

/** The label an entry goes by in comparisons: --entry, else its name and version, else where it was reached. */
export function entryLabel(info: EntryInfo | null, target: Pick<Target, 'kind' | 'url'>, given?: string): string {
  if (given) return given;
  if (info?.name) return info.version ? `${info.name} ${info.version}` : info.name;
  return target.url ?? target.kind;
}
