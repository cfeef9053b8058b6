import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { startServer } from './testing/server-process.ts';

describe('the service process', () => {
  it('starts on a SQLite file, registers over HTTP, and shuts down cleanly on SIGTERM', async () => {
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
    const db = new Database(dbPath, { readonly: true });
    expect(db.prepare('SELECT id FROM petitions').all()).toEqual([{ id }]);
    db.close();
  });

  it('refuses to start with an invalid setting and names it', async () => {
    await expect(startServer({ DB_PATH: ':memory:', LLM_BASE_URL: 'nonsense' }, 30_000)).rejects.toThrow(
      /LLM_BASE_URL/,
    );
  });
});
