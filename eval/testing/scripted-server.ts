import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { pathToFileURL } from 'node:url';
import type { RequestHandler } from '../targets/in-process.ts';

/**
 * A scripted entry for testing the harness: deterministic answers to the pilot's contract from keywords,
 * and broken answers on demand. A marker in the text picks the failure for that case:
 * `#500` → HTTP 500, `#malformed` → 200 with a body that is not JSON, `#shape` → 200 JSON missing the
 * contract's fields, `#timeout` → never answers, `#slow` → answers after 30 ms, `#echo` → echoes the text
 * into every answer (a PII leak). `mode` applies one failure to every request.
 */
export type Mode = 'ok' | '500' | 'malformed' | 'shape' | 'timeout';

interface Scripted {
  status: number;
  body: string;
  hang?: boolean;
  delayMs?: number;
}

const EMOTION_WORDS: [RegExp, string][] = [
  [/(气死|愤怒|生气|混蛋)/u, 'angry'],
  [/(害怕|担心|恐怖)/u, 'fear'],
  [/(开心|高兴|快乐)/u, 'happy'],
  [/(难过|伤心|哭)/u, 'sad'],
  [/(竟然|没想到|震惊)/u, 'surprise'],
];
const CATEGORY_WORDS: [RegExp, string][] = [
  [/(工资|社保|劳动)/u, '劳动和社会保障'],
  [/(噪音|污染|油烟)/u, '环境保护'],
  [/(学校|教师|学生)/u, '教育文体'],
  [/(公交|道路|停车)/u, '交通运输'],
];

const pick = (text: string, table: [RegExp, string][], fallback: string) =>
  table.find(([re]) => re.test(text))?.[1] ?? fallback;

function analyze(text: string) {
  const score = /(跳楼|自杀|不想活)/u.test(text) ? 0.9 : /(上访|聚集)/u.test(text) ? 0.6 : 0.1;
  const wages = /工资/u.test(text);
  return {
    emotion: { label: pick(text, EMOTION_WORDS, 'neutral'), scores: {}, intensity: 0.5 },
    category: { label: pick(text, CATEGORY_WORDS, '其他'), scores: {} },
    risk: {
      level: score >= 0.8 ? 'red' : score >= 0.5 ? 'yellow' : 'green',
      score,
      signals: score > 0.5 ? [{ code: 'scripted', evidence: '' }] : [],
    },
    route: { code: wages ? 'arbitration' : 'duty', article: '第三十一条' },
    clauses: wages ? [{ law: '中华人民共和国劳动合同法', article: '第三十条', number: 30, score: 1 }] : [],
  };
}

const CLAUSES = [
  { law: '中华人民共和国劳动合同法', article: '第三十条', number: 30 },
  { law: '中华人民共和国民法典', article: '第一千一百六十五条', number: 1165 },
  { law: '中华人民共和国道路交通安全法', article: '第九十一条', number: 91 },
];

const DRAFT =
  '您来信反映的问题收悉。经调查核实，情况属实。根据《中华人民共和国劳动合同法》第三十条，用人单位应当按时足额支付劳动报酬，' +
  '对您的请求予以支持。如对本处理意见不服，可以自收到本意见书之日起30日内向上一级行政机关请求复查。';

function script(path: string, body: { text?: string; k?: number }, mode: Mode): Scripted {
  const text = body.text ?? '';
  const marker = mode !== 'ok' ? mode : (/#(500|malformed|shape|timeout)/.exec(text)?.[1] as Mode | undefined);
  if (marker === '500') return { status: 500, body: '{"error":{"code":"internal","message":"scripted failure"}}' };
  if (marker === 'malformed') return { status: 200, body: '{"emotion": {"label": "angry"' };
  if (marker === 'shape') return { status: 200, body: '{"unexpected": true}' };
  if (marker === 'timeout') return { status: 200, body: '', hang: true };
  const echo = text.includes('#echo') ? { echo: text } : {};
  const delayMs = text.includes('#slow') ? 30 : 0;
  const json = (v: unknown): Scripted => ({
    status: 200,
    body: JSON.stringify({ ...(v as object), ...echo }),
    delayMs,
  });
  if (path === '/v1/analyze') return json(analyze(text));
  if (path === '/v1/clauses/recommend')
    return json({ clauses: CLAUSES.slice(0, body.k ?? 10).map((c, i) => ({ ...c, score: 1 - i / 10, text: '' })) });
  if (path === '/v1/draft')
    return json({
      reply: DRAFT,
      kind: 'opinion',
      citations: [{ law: '中华人民共和国劳动合同法', article: '第三十条' }],
    });
  return { status: 404, body: '{"error":{"code":"not_found"}}' };
}

/** The same script without a port, for the in-process target (a hung answer hangs here too). */
export function createScriptedApp(mode: Mode = 'ok'): RequestHandler {
  return {
    async request(path, init) {
      const s = script(path, JSON.parse(String(init.body ?? '{}')), mode);
      if (s.hang) return new Promise<Response>(() => {});
      if (s.delayMs) await new Promise((r) => setTimeout(r, s.delayMs));
      return new Response(s.body, { status: s.status, headers: { 'content-type': 'application/json' } });
    },
  };
}

export interface ScriptedServer {
  url: string;
  requests: number;
  close(): Promise<void>;
}

/** Starts the scripted entry on loopback (port 0 = any free port). */
export async function startScriptedServer(opts: { mode?: Mode; port?: number } = {}): Promise<ScriptedServer> {
  const sockets = new Set<Socket>();
  const state = { requests: 0 };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      state.requests++;
      let body: { text?: string; k?: number } = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        res.writeHead(400).end('{"error":{"code":"invalid_json"}}');
        return;
      }
      const s = script(req.url ?? '/', body, opts.mode ?? 'ok');
      if (s.hang) return; // keep the socket open until close() destroys it
      setTimeout(() => res.writeHead(s.status, { 'content-type': 'application/json' }).end(s.body), s.delayMs ?? 0);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get requests() {
      return state.requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

// `tsx eval/testing/scripted-server.ts [port] [mode]` serves the script for trying the CLI by hand.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const s = await startScriptedServer({
    port: Number(process.argv[2] ?? 8799),
    mode: (process.argv[3] as Mode) ?? 'ok',
  });
  console.log(`scripted entry on ${s.url}`);
}
