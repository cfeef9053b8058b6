import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PetitionInput } from '../cases/petition-schema.ts';
import { testConfig } from '../config.ts';
import { createDeps } from '../deps.ts';
import { freePort, startServer } from '../testing/server-process.ts';
import { StartupError } from '../errors.ts';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'xf-keys-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Runs the real service entry point until it exits (or is killed after `ms`): its exit code and output. */
async function runService(env: Record<string, string>, ms = 60_000): Promise<{ code: number | string; out: string }> {
  const port = String(await freePort());
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        LOG_LEVEL: 'warn',
        PORT: port,
        HOST: '127.0.0.1',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? signal ?? -1, out });
    });
  });
}

const key = () => randomBytes(32).toString('hex');

async function databaseWithPetitioner(dbPath: string, piiKey: string) {
  const deps = await createDeps(testConfig({ DB_PATH: dbPath, PII_KEY: piiKey }));
  deps.cases.register(
    {
      text: '小区门口路灯坏了两个月，请尽快维修。',
      channel: '网络',
      attachments: [],
      petitioner: { name: '王建国', phone: '13812345678' },
    } as PetitionInput,
    'test',
  );
  deps.close();
}

describe('start-up and the PII key', () => {
  it('refuses to start in production without PII_KEY, in Chinese, and creates no database', async () => {
    const dbPath = join(tempDir(), 'data', 'xf.db');
    const r = await runService({ NODE_ENV: 'production', DB_PATH: dbPath });
    expect(r.code).toBe(1);
    expect(r.out).toContain('生产环境（NODE_ENV=production）必须设置 PII_KEY');
    expect(r.out).toContain('ALLOW_DEV_PII_KEY=true');
    expect(r.out).not.toMatch(/\n\s+at /); // a message, not a stack trace
    expect(existsSync(dbPath)).toBe(false);
  });

  it('starts in production without PII_KEY only when ALLOW_DEV_PII_KEY says so', async () => {
    const dbPath = join(tempDir(), 'data', 'xf.db');
    const server = await startServer({ NODE_ENV: 'production', ALLOW_DEV_PII_KEY: 'true', DB_PATH: dbPath });
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });

  it('stops with a clear message when PII_KEY does not open the personal data already stored', async () => {
    const dbPath = join(tempDir(), 'xf.db');
    await databaseWithPetitioner(dbPath, key());
    const r = await runService({ DB_PATH: dbPath, PII_KEY: key() });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(
      /PII_KEY（密钥编号 [0-9a-f]{8}）打不开数据库中已加密的个人信息（写入时用的密钥编号 [0-9a-f]{8}）/,
    );
    expect(r.out).toContain('PII_KEY_PREVIOUS');
  });

  it('the start function throws StartupError for a wrong key and opens with the right one or with it as previous', async () => {
    const dbPath = join(tempDir(), 'xf.db');
    const right = key();
    await databaseWithPetitioner(dbPath, right);
    await expect(createDeps(testConfig({ DB_PATH: dbPath, PII_KEY: key() }))).rejects.toBeInstanceOf(StartupError);
    (await createDeps(testConfig({ DB_PATH: dbPath, PII_KEY: right }))).close();
    (await createDeps(testConfig({ DB_PATH: dbPath, PII_KEY: key(), PII_KEY_PREVIOUS: right }))).close();
  });

  it('creates the database, its WAL and SHM and the development key file 0600 in a 0700 folder', async () => {
    const dir = join(tempDir(), 'new', 'data');
    const dbPath = join(dir, 'xf.db');
    const deps = await createDeps(testConfig({ DB_PATH: dbPath }));
    deps.cases.register(
      { text: '村里道路年久失修，雨天无法通行。', channel: '书信', attachments: [] } as PetitionInput,
      'test',
    );
    const mode = (p: string) => statSync(p).mode & 0o777;
    expect(mode(dir)).toBe(0o700);
    for (const f of [dbPath, `${dbPath}-wal`, `${dbPath}-shm`, join(dir, 'pii.key')])
      expect([f, mode(f)]).toEqual([f, 0o600]);
    deps.close();
  });
});
