import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startServer } from '../testing/server-process.ts';

const BURST = 400;
const CONCURRENCY = 16;
const KILL_AFTER_ACKS = 80;

const body = (i: number) =>
  JSON.stringify({
    text: `第${i}号来信：某建筑公司拖欠我们农民工工资共计八万元，已经半年，多次讨要无果。`,
    channel: '书信',
    petitioner: { name: '王建国', phone: `138${String(i).padStart(8, '0')}` },
  });

// Group commit answers a batch of registrations after one COMMIT: a 201 must still mean on disk.
describe.each([
  ['one commit per request', {}],
  ['group commit', { SQLITE_GROUP_COMMIT_MS: '50' }],
])('crash safety, %s', (_label, settings: Record<string, string>) => {
  it('keeps every petition acknowledged with 201 after a SIGKILL mid-burst, and the case file verifies', async () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), 'xf-crash-')), 'xinfang.db');
    const env = { DB_PATH: dbPath, PII_KEY: randomBytes(32).toString('hex'), ...settings };
    const first = await startServer(env, 60_000);
    const acked: string[] = [];
    let sent = 0;
    let refused = 0;
    let killedAt = -1;

    const worker = async () => {
      while (sent < BURST) {
        const i = sent++;
        try {
          const res = await fetch(`${first.url}/v1/petitions`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...first.auth },
            body: body(i),
          });
          if (res.status === 201) acked.push((await res.json()).id);
          else refused++;
        } catch {
          refused++; // connection reset or refused once the process is gone
        }
        if (acked.length >= KILL_AFTER_ACKS && killedAt < 0) {
          killedAt = sent;
          first.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    expect(await first.exited).toBe('SIGKILL');

    const second = await startServer(env, 60_000);
    try {
      const missing: string[] = [];
      for (const id of acked) {
        const res = await fetch(`${second.url}/v1/petitions/${id}?reveal=phone`, { headers: second.auth });
        if (res.status !== 200) missing.push(`${id}: ${res.status}`);
        else expect((await res.json()).petitioner.phone).toMatch(/^138\d{8}$/);
      }
      const list = await (await fetch(`${second.url}/v1/petitions?limit=1`, { headers: second.auth })).json();
      const verify = await (await fetch(`${second.url}/v1/audit/verify`, { headers: second.auth })).json();
      console.info(
        `crash test: sent ${sent}, acknowledged ${acked.length}, not acknowledged ${refused}, killed after ${killedAt} sent; after restart ${list.total} petitions stored, ${missing.length} acknowledged missing, chain ${verify.ok ? 'ok' : 'BROKEN'} over ${verify.events} events`,
      );
      expect(missing).toEqual([]);
      expect(acked.length).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);
      expect(list.total).toBeGreaterThanOrEqual(acked.length);
      expect(verify).toMatchObject({ ok: true });
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  }, 240_000);
});
