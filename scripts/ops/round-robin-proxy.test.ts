import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../src/testing/server-process.ts';
import { createRoundRobinProxy, pickBackend } from './round-robin-proxy.ts';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** Listens on a free loopback port and returns the base URL. */
async function listen(server: Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A backend that answers with its name, the method, path and the body it received. */
const backend = (name: string) =>
  createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => res.end(`${name} ${req.method} ${req.url} ${body}`));
  });

describe('round-robin proxy', () => {
  it.each([
    [0, 2, 0],
    [1, 2, 1],
    [2, 2, 0],
    [5, 3, 2],
  ])('sends request %i of %i backends to backend %i', (n, count, expected) => {
    expect(pickBackend(n, count)).toBe(expected);
  });

  it('alternates between two backends and forwards method, path and body', async () => {
    const a = await listen(backend('A'));
    const b = await listen(backend('B'));
    const proxy = await listen(createRoundRobinProxy([a, b]));
    const answers: string[] = [];
    for (let i = 0; i < 4; i++)
      answers.push(await (await fetch(`${proxy}/v1/petitions?q=${i}`, { method: 'POST', body: `信${i}` })).text());
    expect(answers).toEqual([
      'A POST /v1/petitions?q=0 信0',
      'B POST /v1/petitions?q=1 信1',
      'A POST /v1/petitions?q=2 信2',
      'B POST /v1/petitions?q=3 信3',
    ]);
  });

  it('skips a backend that refuses connections, and answers 502 when none is left', async () => {
    const a = await listen(backend('A'));
    const dead = `http://127.0.0.1:${await freePort()}`;
    const proxy = await listen(createRoundRobinProxy([dead, a]));
    expect(await (await fetch(`${proxy}/x`)).text()).toBe('A GET /x ');
    expect(await (await fetch(`${proxy}/y`)).text()).toBe('A GET /y ');
    const alone = await listen(createRoundRobinProxy([dead]));
    const res = await fetch(`${alone}/z`);
    expect(res.status).toBe(502);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain('代理无法连接后端实例');
  });
});
