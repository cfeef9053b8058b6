import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startServer } from '../testing/server-process.ts';

const N = 12;

describe('a lost WAL after SIGKILL', () => {
  it('is reported by verify as a truncation: the anchors hold heads the database no longer has', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xf-wal-'));
    const dbPath = join(dir, 'xinfang.db');
    const env = { DB_PATH: dbPath, PII_KEY: randomBytes(32).toString('hex') };
    const first = await startServer(env, 60_000);
    const acked: string[] = [];
    for (let i = 0; i < N; i++) {
      const res = await fetch(`${first.url}/v1/petitions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...first.auth },
        body: JSON.stringify({ text: `第${i}号来信：某公司拖欠工资三个月，多次讨要无果。`, channel: '书信' }),
      });
      expect(res.status).toBe(201);
      acked.push((await res.json()).id);
    }
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    // The acknowledged petitions sit in the WAL (not yet checkpointed); someone deletes it.
    expect(statSync(`${dbPath}-wal`).size).toBeGreaterThan(0);
    rmSync(`${dbPath}-wal`);
    if (existsSync(`${dbPath}-shm`)) rmSync(`${dbPath}-shm`);

    const second = await startServer(env, 60_000);
    try {
      const missing = (
        await Promise.all(acked.map((id) => fetch(`${second.url}/v1/petitions/${id}`, { headers: second.auth })))
      ).filter((r) => r.status === 404).length;
      const res = await fetch(`${second.url}/v1/audit/verify`, { headers: second.auth });
      expect(res.status).toBe(200);
      const verify = await res.json();
      console.info(
        `WAL loss: ${acked.length} acknowledged, ${missing} gone after the WAL was deleted; verify ok=${verify.ok}: ${verify.reason}`,
      );
      expect(missing).toBeGreaterThan(0);
      expect(verify).toMatchObject({ ok: false, reason: expect.stringMatching(/案卷被截断：锚点记录了第 \d+ 号事件/) });
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  }, 180_000);
});
