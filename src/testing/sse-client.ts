import { serve, type ServerType } from '@hono/node-server';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Real loopback servers for tests that need a socket (streams); `closeAll()` in afterEach. */
export function createLoopback() {
  const servers: ServerType[] = [];
  return {
    /** Serves a fetch handler on a free loopback port and returns its base URL. */
    async listen(fetch: (req: Request) => Response | Promise<Response>): Promise<string> {
      const server = await new Promise<ServerType>((resolve) => {
        const s = serve({ fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
      });
      servers.push(server);
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    async closeAll() {
      // Open event streams would keep close() waiting; drop the connections first.
      for (const s of servers) (s as Server).closeAllConnections();
      await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
    },
  };
}

export interface SseEvent {
  event?: string;
  data?: string;
  comment?: string;
}

function parseEvent(block: string): SseEvent {
  const e: SseEvent = {};
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) e.comment = line.slice(1).trim();
    else if (line.startsWith('event: ')) e.event = line.slice(7);
    else if (line.startsWith('data: ')) e.data = (e.data ? `${e.data}\n` : '') + line.slice(6);
  }
  return e;
}

/** Reads a live Server-Sent Events response for real: `next(pred)` resolves with the first matching event, or rejects on timeout. */
export function sseReader(res: Response) {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const seen: SseEvent[] = [];
  async function next(pred: (e: SseEvent) => boolean, timeoutMs = 5000): Promise<SseEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const at = buffer.indexOf('\n\n');
      if (at >= 0) {
        const e = parseEvent(buffer.slice(0, at));
        buffer = buffer.slice(at + 2);
        seen.push(e);
        if (pred(e)) return e;
        continue;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching event within ${timeoutMs} ms; saw ${JSON.stringify(seen)}`);
      const chunk = await Promise.race([reader.read(), new Promise<null>((r) => setTimeout(() => r(null), left))]);
      if (chunk === null) continue;
      if (chunk.done) throw new Error(`stream ended; saw ${JSON.stringify(seen)}`);
      buffer += chunk.value;
    }
  }
  return { next, cancel: () => reader.cancel() };
}

/** Polls until cond() holds, or throws after timeoutMs (5 s by default: a loaded CI machine, not a speed target). */
export async function until(cond: () => boolean, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
