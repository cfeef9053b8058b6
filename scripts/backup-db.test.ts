import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer, type ServerProcess } from '../src/testing/server-process.ts';
import { openDb } from '../src/store/db.ts';
import { checkBackup } from './backup-db.ts';

const PII_KEY = randomBytes(32).toString('hex');
const dirs: string[] = [];
const servers: ServerProcess[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'xf-backup-'));
  dirs.push(d);
  return d;
};

afterAll(async () => {
  for (const s of servers) if (s.child.exitCode === null) s.child.kill('SIGTERM');
  await Promise.all(servers.map((s) => s.exited));
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function stop(s: ServerProcess) {
  s.child.kill('SIGTERM');
  expect(await s.exited).toBe(0);
}

/** Runs the operator's command, `npx tsx scripts/backup-db.ts <dest>`, as its own process. */
function runBackupScript(dbPath: string, dest: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/backup-db.ts', dest], {
      env: { ...process.env, DB_PATH: dbPath },
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code) => resolve({ code, out }));
  });
}

describe('scripts/backup-db.ts', () => {
  it('takes a backup while petitions are being registered, and the restored database serves a case file that verifies', async () => {
    const live = join(tempDir(), 'xinfang.db');
    const a = await startServer({ DB_PATH: live, PII_KEY }, 60_000);
    servers.push(a);

    // Load: three clients registering petitions back to back until told to stop (or one fails).
    let running = true;
    let registered = 0;
    let failure: string | undefined;
    const ids: string[] = [];
    const client = async (n: number) => {
      for (let i = 0; running; i++) {
        const res = await fetch(`${a.url}/v1/petitions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...a.auth },
          body: JSON.stringify({
            text: `第${n}组第${i}件：小区门口道路积水严重，雨天无法通行，请求尽快修缮。`,
            channel: '网络',
            petitioner: { name: `测试人${n}${i}` },
          }),
        });
        if (res.status !== 201) {
          failure = `registration answered ${res.status}: ${await res.text()}`;
          running = false;
          return;
        }
        ids.push(((await res.json()) as { id: string }).id);
        registered++;
      }
    };
    const load = Promise.all([1, 2, 3].map(client));
    while (registered < 6 && !failure) await new Promise((r) => setTimeout(r, 50));
    expect(failure).toBeUndefined();

    const dest = join(tempDir(), 'backup.db');
    const before = registered;
    const backup = await runBackupScript(live, dest);
    const during = registered - before;
    await new Promise((r) => setTimeout(r, 300));
    running = false;
    await load;
    await stop(a);
    expect(failure).toBeUndefined();

    expect(backup.code, backup.out).toBe(0);
    expect(during, 'registrations completed while the backup ran').toBeGreaterThan(0);
    const report = JSON.parse(backup.out.trim().split('\n').pop()!) as { ok: boolean; petitions: number };
    expect(report.ok).toBe(true);
    const checked = checkBackup(dest);
    expect(checked).toMatchObject({ integrity: 'ok', ok: true, caseFile: { ok: true } });
    expect(checked.petitions).toBeGreaterThanOrEqual(before);
    expect(checked.petitions).toBeLessThanOrEqual(registered);

    // Restore: the copy becomes the database of a new service process with the same PII_KEY.
    const restored = join(tempDir(), 'xinfang.db');
    copyFileSync(dest, restored);
    const b = await startServer({ DB_PATH: restored, PII_KEY }, 60_000);
    servers.push(b);
    const verify = (await (await fetch(`${b.url}/v1/audit/verify`, { headers: b.auth })).json()) as {
      ok: boolean;
      events: number;
    };
    expect(verify).toMatchObject({ ok: true, events: checked.caseFile.events });
    const first = await fetch(`${b.url}/v1/petitions/${ids[0]}?reveal=name`, { headers: b.auth });
    expect(first.status).toBe(200);
    expect(((await first.json()) as { petitioner?: { name?: string } }).petitioner?.name).toMatch(/^测试人/);
    await stop(b);
  }, 240_000);

  it('reports a backup whose case file was altered', () => {
    const file = join(tempDir(), 'x.db');
    const db = openDb(file);
    db.prepare(
      "INSERT INTO events (seq, petition_id, type, actor, payload, created_at, prev_hash, hash) VALUES (1, 'p1', 'registered', 'a', '{}', '2026-03-02T00:00:00.000Z', ?, ?)",
    ).run('0'.repeat(64), 'f'.repeat(64));
    db.close();
    expect(checkBackup(file)).toMatchObject({ integrity: 'ok', ok: false, caseFile: { ok: false, brokenAt: 1 } });
  });

  it('reports a file without the service tables as a failed check, not a crash', () => {
    const file = join(tempDir(), 'y.db');
    const db = new Database(file);
    db.exec('CREATE TABLE petitions (id TEXT); CREATE TABLE events (seq INTEGER PRIMARY KEY, hash TEXT);');
    db.close();
    expect(checkBackup(file)).toMatchObject({ integrity: 'ok', ok: false, caseFile: { ok: false } });
  });
});
