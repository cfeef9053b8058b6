import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * One scripted answer of the fake chat-completions endpoint:
 * - `content`: a 200 with that assistant message (any text, e.g. malformed JSON or '');
 * - `status`: an error status with an OpenAI-style error body (429 carries retry-after-ms);
 * - `delayMs`: wait before answering (longer than the client's timeout → a timeout);
 * - `raw`: a 200 with this exact body (a broken protocol answer);
 * - `reply`: a 200 whose content is computed from the request's messages (a model that answers what it is asked).
 */
export type ScriptedAnswer =
  | { content: string; delayMs?: number; usage?: { prompt_tokens: number; completion_tokens: number } }
  | { reply: (messages: { role: string; content: string }[]) => string; delayMs?: number }
  | { status: number; message?: string; delayMs?: number; retryAfterMs?: number }
  | { raw: string; delayMs?: number };

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  /** Parsed JSON body when it parses. */
  json?: { model?: string; messages?: { role: string; content: string }[] } & Record<string, unknown>;
}

export interface FakeOpenAiServer {
  /** Base URL to give the client, ending in /v1. */
  readonly baseURL: string;
  readonly requests: RecordedRequest[];
  /** Replaces the remaining script; the last answer repeats when the script runs out. */
  script(answers: ScriptedAnswer[]): void;
  close(): Promise<void>;
}

function completion(content: string, model: string, usage = { prompt_tokens: 0, completion_tokens: 0 }) {
  return {
    id: `chatcmpl-fake-${Date.now()}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop', logprobs: null }],
    usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
  };
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(body);
}

/**
 * A real HTTP server on 127.0.0.1 speaking the OpenAI chat-completions protocol (POST /v1/chat/completions)
 * with scripted answers, recording every request: the real `openai` client code runs against it.
 */
export async function startFakeOpenAiServer(
  answers: ScriptedAnswer[] = [{ content: '{}' }],
): Promise<FakeOpenAiServer> {
  let queue = [...answers];
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json: RecordedRequest['json'];
      try {
        json = JSON.parse(body);
      } catch {
        json = undefined;
      }
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, json });
      if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
        send(res, 404, JSON.stringify({ error: { message: 'not found', type: 'invalid_request_error' } }));
        return;
      }
      const a = queue.length > 1 ? queue.shift()! : queue[0];
      const answer = () => {
        if ('content' in a) send(res, 200, JSON.stringify(completion(a.content, json?.model ?? 'fake', a.usage)));
        else if ('reply' in a)
          send(res, 200, JSON.stringify(completion(a.reply(json?.messages ?? []), json?.model ?? 'fake')));
        else if ('raw' in a) send(res, 200, a.raw);
        else {
          const headers: Record<string, string> =
            a.status === 429 ? { 'retry-after-ms': String(a.retryAfterMs ?? 10) } : {};
          send(
            res,
            a.status,
            JSON.stringify({ error: { message: a.message ?? `scripted ${a.status}`, type: 'server_error' } }),
            headers,
          );
        }
      };
      if (a.delayMs) {
        const t = setTimeout(() => {
          timers.delete(t);
          answer();
        }, a.delayMs);
        timers.add(t);
      } else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    script(next) {
      queue = [...next];
    },
    async close() {
      for (const t of timers) clearTimeout(t);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
