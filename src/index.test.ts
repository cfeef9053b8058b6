import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Db } from './store/db-types.ts';
import { openPgDb } from './store/pg/pg-sync-db.ts';
import { startServer } from './testing/server-process.ts';

describe('the service process', () => {
  // On SQLite by default; in the pg project startServer gives it DATABASE_URL of a fresh schema, which it migrates.
  it('starts, registers over HTTP, keeps the petition after SIGTERM, and shuts down cleanly', async () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), 'xf-proc-')), 'data', 'xinfang.db');
    const server = await startServer({ DB_PATH: dbPath });
    const res = await fetch(`${server.url}/v1/petitions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...server.auth },
      body: JSON.stringify({ text: '村里道路年久失修，雨天无法通行。', channel: '书信' }),
    });
    expect(res.status).toBe(201);
    const { id } = await res.json();
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    const db: Db = server.databaseUrl ? openPgDb(server.databaseUrl) : new Database(dbPath, { readonly: true });
    expect(db.prepare('SELECT id FROM petitions').all()).toEqual([{ id }]);
    db.close();
  });

  it('refuses to start with an invalid setting and names it', async () => {
    await expect(startServer({ DB_PATH: ':memory:', LLM_BASE_URL: 'nonsense' }, 30_000)).rejects.toThrow(
      /LLM_BASE_URL/,
    );
  });

  it('refuses to start when DATABASE_URL does not connect, saying why in Chinese and without a stack', async () => {
    const started = startServer({ DB_PATH: ':memory:', DATABASE_URL: 'postgres://xf:secret@127.0.0.1:1/xinfang' });
    const error = (await started.catch((e: Error) => e)) as Error;
    expect(error.message).toMatch(/无法连接 DATABASE_URL 指定的 PostgreSQL.*没有 PostgreSQL 在运行.*服务未启动/);
    expect(error.message).not.toContain('secret');
    expect(error.message).not.toMatch(/\n\s+at /);
  });
});
