import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScriptedServer, createScriptedApp, type ScriptedServer } from '../testing/scripted-server.ts';
import { createHttpTarget } from './http.ts';
import { createInProcessTarget } from './in-process.ts';
import { callTarget } from './types.ts';

let server: ScriptedServer;
beforeAll(async () => {
  server = await startScriptedServer();
});
afterAll(() => server.close());

describe('callTarget over HTTP', () => {
  it.each([
    ['a good answer', '我很生气', /^$/, true, 5000],
    ['a 500', '#500', /^http_500: .*scripted failure/, false, 5000],
    ['malformed JSON', '#malformed', /^malformed_json: \{"emotion"/, false, 5000],
    ['a timeout', '#timeout', /^timeout after 300 ms$/, false, 300],
  ])('records %s', async (_name, text, error, ok, timeoutMs) => {
    const r = await callTarget(createHttpTarget(server.url), '/v1/analyze', { text }, timeoutMs);
    expect(r.ok).toBe(ok);
    if (!r.ok) expect(r.error).toMatch(error);
    else expect((r.json as { emotion: { label: string } }).emotion.label).toBe('angry');
  });

  it('records a refused connection as an error', async () => {
    const closed = await startScriptedServer();
    await closed.close();
    const r = await callTarget(createHttpTarget(closed.url), '/v1/analyze', { text: 'x' }, 1000);
    expect(r).toMatchObject({ ok: false, status: null, error: expect.stringMatching(/^request_failed: /) });
  });
});

describe('callTarget in-process', () => {
  it('answers through app.request and times out a hung handler', async () => {
    const t = await createInProcessTarget({ app: createScriptedApp() });
    const ok = await callTarget(t, '/v1/analyze', { text: '工资' }, 5000);
    expect(ok).toMatchObject({ ok: true, status: 200 });
    const hung = await callTarget(t, '/v1/analyze', { text: '#timeout' }, 100);
    expect(hung).toMatchObject({ ok: false, error: 'timeout after 100 ms' });
  });
});
