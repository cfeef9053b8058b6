import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp } from '../testing/test-app.ts';
import { sqliteOnly } from '../testing/test-db.ts';

// Issue 17, Deliver 5: a database that cannot take writes is a 503 (in Chinese), never a 500 or a silent 200;
// malformed multipart bodies and %-escapes are the client's mistakes (4xx).

const TEXT = '村里道路年久失修，雨天无法通行。';
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function fileApp() {
  const dir = mkdtempSync(join(tmpdir(), 'xf-health-'));
  dirs.push(dir);
  return createTestApp({ config: { DB_PATH: join(dir, 'xf.db') } });
}

type T = Awaited<ReturnType<typeof fileApp>>;
// A full disk: no page beyond those in use. VACUUM first, or the free pages a migration left behind (one that
// drops an index) would still take the health probe's table.
const fill = (t: T) => {
  t.deps.db.exec('VACUUM');
  t.deps.db.pragma(`max_page_count = ${t.deps.db.pragma('page_count', { simple: true })}`);
};
const readOnly = (t: T) => t.deps.db.pragma('query_only = ON');

// A full disk and a read-only database are made with SQLite pragmas on a file (max_page_count, query_only).
describe.skipIf(sqliteOnly('fills or locks the SQLite file with pragmas'))('database writability', () => {
  it('reports a writable database on /healthz', async () => {
    const t = await fileApp();
    const res = await t.rawApp.request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, db: { writable: true } });
    t.deps.close();
  });

  it.each([
    ['the disk is full (max_page_count reached)', fill, 'SQLITE_FULL'],
    ['the file is read-only', readOnly, 'SQLITE_READONLY'],
  ])('answers 503 on /healthz and on writes when %s, in Chinese, and writes nothing', async (_what, breakIt, code) => {
    const t = await fileApp();
    const before = t.deps.db.prepare('SELECT COUNT(*) FROM petitions').pluck().get();
    breakIt(t);
    const health = await t.rawApp.request('/healthz');
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({
      ok: false,
      db: { writable: false, code },
      message: expect.stringContaining('数据库暂时无法写入'),
    });
    const write = await t.post('/v1/petitions', { text: TEXT.repeat(200) });
    expect(write.status).toBe(503);
    expect(write.headers.get('retry-after')).toBe('30');
    expect((await write.json()).error).toMatchObject({
      code: 'storage_unavailable',
      message: expect.stringContaining('本次操作没有保存'),
    });
    t.deps.db.pragma('query_only = OFF');
    t.deps.db.pragma('max_page_count = 1073741823');
    expect(t.deps.db.prepare('SELECT COUNT(*) FROM petitions').pluck().get()).toBe(before);
    expect((await t.rawApp.request('/healthz')).status).toBe(200);
    expect((await t.post('/v1/petitions', { text: TEXT })).status).toBe(201);
    t.deps.close();
  });
});

describe('malformed requests are 4xx', () => {
  it.each([
    ['/v1/petitions/%E0%A4%A'],
    ['/v1/petitions/%ZZ/events'],
    ['/evaluators/reports/%E0%A4%A'],
    ['/evaluators/reports/%'],
    ['/petitions/%'],
  ])('GET %s with a malformed %%-escape is 400', async (path) => {
    const t = await createTestApp();
    const res = await t.get(path);
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({
      code: 'invalid_path',
      message: expect.stringContaining('% 转义'),
    });
  });

  it.each([
    ['multipart without a boundary', '/v1/petitions', 'multipart/form-data', 'garbage'],
    [
      'multipart cut short',
      '/v1/petitions',
      'multipart/form-data; boundary=zzz',
      '--zzz\r\nContent-Disposition: form-data; name="text"\r\n\r\nab',
    ],
    ['multipart to a page form', '/reception', 'multipart/form-data', 'garbage'],
  ])('%s is 4xx, never 500', async (_what, path, type, body) => {
    const t = await createTestApp();
    const res = await t.request(path, { method: 'POST', headers: { 'content-type': type }, body });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });

  it('a well-formed multipart body to the JSON API is 415', async () => {
    const t = await createTestApp();
    const form = new FormData();
    form.append('text', TEXT);
    form.append('file', new Blob(['x']), 'a.txt');
    expect((await t.request('/v1/petitions', { method: 'POST', body: form })).status).toBe(415);
  });
});
