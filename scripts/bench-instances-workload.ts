/**
 * The workload of scripts/bench-instances.ts, the same for every configuration: C clients register N letters
 * (each client sends the next one as soon as its last request is answered) and after each registration make
 * R reads, in turn a petition's page, the first page of the list and a search.
 */
import { mulberry32 } from '../src/random.ts';
import { scaleLetters } from './bench-scale-letters.ts';

export type OpKind = 'register' | 'page' | 'list' | 'search';
const READS: OpKind[] = ['page', 'list', 'search'];
const SEARCHES = ['工资', '物业', '拖欠工资', '补偿'];
/** Registrations and reads before the clock starts (models, templates, prepared statements; every instance). */
export const WARM_UP = 4;

/**
 * The request bodies: N + WARM_UP synthetic-but-realistic letters, sentences of the open bench recombined at run
 * time (scripts/bench-scale-letters.ts reads ../shared/bench; nothing of it is stored in the repository). Fixed
 * seed, so every configuration registers the same letters in the same order.
 */
export function letterBodies(n: number): string[] {
  const out: string[] = [];
  for (const l of scaleLetters(n + WARM_UP, 180))
    out.push(
      JSON.stringify({
        title: l.title ?? undefined,
        text: l.text,
        channel: l.channel,
        location: l.location ?? undefined,
        attachments: [],
        petitioner: l.phone ? { name: '赵某', phone: l.phone } : undefined,
      }),
    );
  return out;
}

export interface KindStats {
  n: number;
  p50: number;
  p99: number;
  max: number;
}

export interface WorkloadResult {
  seconds: number;
  requests: number;
  requestsPerS: number;
  registrationsPerS: number;
  all: KindStats;
  kinds: Record<OpKind, KindStats>;
  /** Answers other than the expected 201/200, by kind and status ("network" when no answer came). */
  errors: Record<string, number>;
  /** The first answer (or exception) of each kind of error, cut short. */
  samples: Record<string, string>;
}

const pct = (xs: number[], p: number) =>
  xs.length ? xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] : Number.NaN;

function stats(xs: number[]): KindStats {
  const s = [...xs].sort((a, b) => a - b);
  return { n: s.length, p50: pct(s, 50), p99: pct(s, 99), max: s.length ? s[s.length - 1] : Number.NaN };
}

/** Runs the workload against one entry URL (an instance, or the proxy in front of several). */
export async function runWorkload(opts: {
  url: string;
  auth: Record<string, string>;
  bodies: string[];
  clients: number;
  reads: number;
}): Promise<WorkloadResult> {
  const { url, auth, bodies, clients, reads } = opts;
  const json = { ...auth, 'content-type': 'application/json' };
  const ids: string[] = [];
  const lat: Record<OpKind, number[]> = { register: [], page: [], list: [], search: [] };
  const errors: Record<string, number> = {};
  const samples: Record<string, string> = {};
  const fail = (key: string, sample: string) => {
    errors[key] = (errors[key] ?? 0) + 1;
    samples[key] ??= sample.slice(0, 300);
  };
  const rand = mulberry32(22);

  // One request, timed; a failure is counted, never thrown, so one bad answer does not end the run.
  async function call(kind: OpKind, path: string, body?: string): Promise<unknown> {
    const start = performance.now();
    try {
      const res = await fetch(url + path, body ? { method: 'POST', headers: json, body } : { headers: auth });
      const text = await res.text();
      const ms = performance.now() - start;
      if (res.status === (kind === 'register' ? 201 : 200)) {
        lat[kind].push(ms);
        return kind === 'register' ? JSON.parse(text) : undefined;
      }
      fail(`${kind} ${res.status}`, text);
    } catch (e) {
      fail(`${kind} network`, String(e));
    }
    return undefined;
  }

  const read = (kind: OpKind, k: number) => {
    if (kind === 'page') return call(kind, `/petitions/${ids[Math.floor(rand() * ids.length)]}`);
    if (kind === 'list') return call(kind, '/v1/petitions?limit=20');
    return call(kind, `/v1/petitions?q=${encodeURIComponent(SEARCHES[k % SEARCHES.length])}`);
  };

  async function register(i: number) {
    const created = (await call('register', '/v1/petitions', bodies[i])) as { id?: string } | undefined;
    if (created?.id) ids.push(created.id);
  }

  for (let i = 0; i < WARM_UP; i++) await register(i);
  for (let i = 0; i < WARM_UP; i++) for (const kind of READS) await read(kind, i);
  for (const k of Object.keys(lat) as OpKind[]) lat[k] = [];
  const warmUpErrors = { ...errors };
  for (const k of Object.keys(errors)) delete errors[k];
  if (Object.keys(warmUpErrors).length) throw new Error(`warm-up failed: ${JSON.stringify(samples)}`);

  let next = WARM_UP;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < bodies.length) {
        const i = next++;
        await register(i);
        for (let r = 0; r < reads; r++) {
          const j = (i - WARM_UP) * reads + r;
          await read(READS[j % READS.length], Math.floor(j / READS.length));
        }
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  const all = Object.values(lat).flat();
  const failed = Object.values(errors).reduce((a, b) => a + b, 0);
  return {
    seconds,
    requests: all.length + failed,
    requestsPerS: (all.length + failed) / seconds,
    registrationsPerS: lat.register.length / seconds,
    all: stats(all),
    kinds: {
      register: stats(lat.register),
      page: stats(lat.page),
      list: stats(lat.list),
      search: stats(lat.search),
    },
    errors,
    samples,
  };
}
