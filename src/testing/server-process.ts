import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { TEST_ADMIN_KEY } from './test-app.ts';
import { testServerDatabaseUrl } from './test-db.ts';

/** A free loopback port, found by letting the OS pick one. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

export interface ServerProcess {
  url: string;
  /** The admin key the process was started with (ADMIN_API_KEY), and its Authorization header. */
  key: string;
  auth: { authorization: string };
  /** DATABASE_URL the process was started with (PostgreSQL), or undefined on SQLite. */
  databaseUrl?: string;
  child: ChildProcess;
  output: () => string;
  /** Resolves with the exit code (or signal) once the process has ended. */
  exited: Promise<number | string>;
}

/**
 * Starts the real service (`src/index.ts`, or another entry file) as a child process and waits until /healthz
 * answers. In the pg vitest project (TEST_BACKEND=pg) the process gets DATABASE_URL of a fresh schema, dropped
 * after the test (or the file, when started in beforeAll), unless `env` sets DATABASE_URL itself; DB_PATH then
 * only holds the anchor files, as in a PostgreSQL deployment.
 * Defaults: ADMIN_API_KEY = TEST_ADMIN_KEY and rate limiting off; `env` overrides them. The 60 s budget is for
 * a busy CI machine, where several test files start servers at once (one start takes ~3 s of CPU).
 */
export async function startServer(
  env: Record<string, string>,
  timeoutMs = 60_000,
  entry = 'src/index.ts',
): Promise<ServerProcess> {
  const port = await freePort();
  const databaseUrl = env.DATABASE_URL ?? testServerDatabaseUrl();
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      LOG_LEVEL: 'warn',
      ADMIN_API_KEY: TEST_ADMIN_KEY,
      RATE_LIMIT_PER_MIN: '0',
      ...env,
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
      PORT: String(port),
      HOST: '127.0.0.1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${out}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) {
        const key = env.ADMIN_API_KEY ?? TEST_ADMIN_KEY;
        return {
          url,
          key,
          auth: { authorization: `Bearer ${key}` },
          databaseUrl,
          child,
          output: () => out,
          exited,
        };
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`server did not answer /healthz within ${timeoutMs} ms:\n${out}`);
}
