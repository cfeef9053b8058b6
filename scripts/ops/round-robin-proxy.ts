/**
 * A small round-robin HTTP proxy on loopback, for benchmarks and trials of several instances on one machine
 * (scripts/bench-instances.ts). Not a production load balancer: it has no health checks, TLS or timeouts; in
 * production use nginx or HAProxy with /healthz (README, 运行多个实例).
 *
 *   npx tsx scripts/ops/round-robin-proxy.ts --port 8080 http://127.0.0.1:8787 http://127.0.0.1:8788
 *
 * Each request goes to the next backend in turn, streamed both ways (the alert stream too). A backend that
 * refuses the connection is skipped for that request, so a stopped instance costs a retry, not an error; a
 * reused keep-alive socket reset by the backend is retried once; any other failure is a 502 with a Chinese message.
 */
import { Agent, createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

/** The backend index for the n-th request (0-based): plain rotation, so two backends take turns. */
export const pickBackend = (n: number, backends: number) => n % backends;

/** A proxy server (not yet listening) sending requests to the backends in turn. */
export function createRoundRobinProxy(backends: string[]): Server {
  if (!backends.length) throw new Error('round-robin proxy: no backends');
  const targets = backends.map((b) => new URL(b));
  // Keep-alive to the backends, as a real balancer does: a new TCP connection per request would be measured too.
  // Idle sockets are dropped after 4 s, before the service's own keep-alive timeout (Node's 5 s) closes them.
  const agent = new Agent({ keepAlive: true, maxSockets: 256, timeout: 4_000 });
  let served = 0;

  function forward(
    req: IncomingMessage,
    res: ServerResponse,
    body: Buffer,
    first: number,
    tried: number,
    retried = false,
  ) {
    const target = targets[(first + tried) % targets.length];
    const headers = { ...req.headers, host: target.host, 'x-forwarded-for': req.socket.remoteAddress ?? '' };
    const up = request(
      { agent, host: target.hostname, port: target.port, method: req.method, path: req.url, headers },
      (upRes) => {
        res.writeHead(upRes.statusCode ?? 502, upRes.headers);
        upRes.pipe(res);
      },
    );
    up.on('error', (e: NodeJS.ErrnoException) => {
      // A kept-alive socket the backend closed just as it was reused (Node's documented race): send it again once.
      if (e.code === 'ECONNRESET' && up.reusedSocket && !retried) return forward(req, res, body, first, tried, true);
      if (e.code === 'ECONNREFUSED' && tried + 1 < targets.length) return forward(req, res, body, first, tried + 1);
      if (res.headersSent) return res.destroy(e);
      res.writeHead(502, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ error: { code: 'bad_gateway', message: `代理无法连接后端实例：${e.message}` } }));
    });
    // The client went away mid-answer (an alert stream closed): close the backend side too. A finished answer's
    // socket is already back in the keep-alive pool and must be left alone.
    res.on('close', () => {
      if (!res.writableFinished) up.destroy();
    });
    up.end(body);
  }

  return createServer((req, res) => {
    const first = pickBackend(served++, targets.length);
    // Bodies are small JSON (the service caps them at 1 MiB): buffering them lets a refused connection be retried.
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => forward(req, res, Buffer.concat(chunks), first, 0));
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values, positionals } = parseArgs({
    options: { port: { type: 'string', default: '8080' } },
    allowPositionals: true,
  });
  const server = createRoundRobinProxy(positionals);
  server.listen(Number(values.port), '127.0.0.1', () =>
    console.log(`round-robin proxy on http://127.0.0.1:${values.port} → ${positionals.join(', ')}`),
  );
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}
