import { createServer, connect, type AddressInfo } from 'node:net';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createTurns, fairTurns } from './fair-turns.ts';

const burn = (ms: number) => {
  const t = performance.now();
  while (performance.now() - t < ms);
};

describe('fair turns', () => {
  it('releases callers in the order they asked', async () => {
    const turns = createTurns();
    const order: number[] = [];
    await Promise.all([1, 2, 3, 4].map((n) => turns.take().then(() => order.push(n))));
    expect(order).toEqual([1, 2, 3, 4]);
    expect(turns.queued).toBe(0);
  });

  it('lets the event loop accept a new connection between two turns of work', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const turns = createTurns();
    let done = 0;
    let doneAtAccept = -1;
    server.on('connection', (s) => {
      doneAtAccept = done;
      s.destroy();
    });
    // 30 queued pieces of work of 10 ms each: run back to back they would hold the loop for 300 ms.
    const work = Array.from({ length: 30 }, () => turns.take().then(() => (burn(10), done++)));
    const client = connect((server.address() as AddressInfo).port, '127.0.0.1');
    client.on('error', () => {});
    await Promise.all(work);
    client.destroy();
    await new Promise((r) => server.close(r));
    expect(doneAtAccept).toBeGreaterThanOrEqual(0);
    expect(doneAtAccept).toBeLessThan(5);
  });
});

describe('fairTurns middleware', () => {
  it('refuses with 503 and Retry-After once maxQueued requests wait, and serves the rest in order', async () => {
    const app = new Hono();
    const served: number[] = [];
    app.use(fairTurns({ maxQueued: 2 }));
    app.get('/:n', (c) => (served.push(Number(c.req.param('n'))), c.text('ok')));
    const res = await Promise.all([1, 2, 3, 4].map((n) => app.request(`/${n}`)));
    expect(res.map((r) => r.status)).toEqual([200, 200, 503, 503]);
    expect(res[2].headers.get('retry-after')).toBe('1');
    expect((await res[2].json()).error.code).toBe('overloaded');
    expect(served).toEqual([1, 2]);
  });
});
