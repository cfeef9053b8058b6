import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EMOTIONS } from '../contract.ts';

/**
 * A scripted entry with a known error rate, for testing the leaderboard: it knows the gold emotion of every
 * text (an answer key) and answers exactly round(errorRate × n) of the key's texts wrongly, those first in
 * a hash order seeded by `seed` (so the wrong ones are spread over the labels and runs repeat exactly).
 * Exact rather than drawn one by one: with independent draws the entry's own rate on these 360 cases
 * wanders from the nominal one (seed 7 at 30 % gave 34.7 %, a 2-SD draw), and the test would then check
 * the luck of the draw, not the interval. Coverage over repeated samples is tested in bootstrap.test.ts.
 * A wrong answer is the next label.
 */
export interface OracleEntry {
  url: string;
  requests: number;
  close(): Promise<void>;
}

const order = (text: string, seed: number) => createHash('sha256').update(`${seed}:${text}`).digest('hex');

/** The texts the entry answers wrongly. */
export function wrongTexts(texts: string[], errorRate: number, seed: number): Set<string> {
  const sorted = [...texts].sort((a, b) => order(a, seed).localeCompare(order(b, seed)));
  return new Set(sorted.slice(0, Math.round(errorRate * texts.length)));
}

export async function startOracleEntry(opts: {
  key: Map<string, string>;
  errorRate: number;
  seed: number;
  name: string;
}): Promise<OracleEntry> {
  const state = { requests: 0 };
  const wrong = wrongTexts([...opts.key.keys()], opts.errorRate, opts.seed);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      state.requests++;
      const send = (status: number, body: unknown) =>
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (req.method === 'GET' && req.url === '/v1/info') {
        return send(200, { name: opts.name, version: '1.0.0', model: `answer key with error rate ${opts.errorRate}` });
      }
      if (req.method !== 'POST' || req.url !== '/v1/analyze') return send(404, { error: { code: 'not_found' } });
      const { text } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { text: string };
      const gold = opts.key.get(text) ?? 'neutral';
      const label = wrong.has(text) ? EMOTIONS[(EMOTIONS.indexOf(gold as never) + 1) % EMOTIONS.length] : gold;
      send(200, {
        emotion: { label, scores: {}, intensity: 0.5 },
        category: { label: '其他', scores: {} },
        risk: { level: 'green', score: 0.1, signals: [] },
        route: null,
        clauses: [],
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get requests() {
      return state.requests;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
