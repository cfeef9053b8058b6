import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** Where Debian's PostgreSQL 15 server binaries live; PG_BIN overrides it. */
const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
const run = promisify(execFile);

/**
 * A throw-away PostgreSQL cluster of a test's own (initdb in a temp dir, a free loopback port), so the test can
 * stop and start the server without touching the machine's shared cluster. About 3 s to create, under 1 s to
 * restart. initdb refuses root, so as root the server runs as the `postgres` user.
 */
export interface PrivatePg {
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  readonly url: string;
  /** Fast shutdown: every backend is terminated, open transactions roll back. */
  stop(): Promise<void>;
  /** The same, blocking: for a test that stops the server in the middle of a synchronous transaction body. */
  stopSync(): void;
  start(): Promise<void>;
  /** Stops the server (if running) and deletes its directory. */
  destroy(): Promise<void>;
}

/** Why a private cluster cannot be made here, printed by the test that skips; undefined when it can. */
export function privatePgSkipReason(): string | undefined {
  const missing = ['initdb', 'pg_ctl', 'postgres'].filter((b) => !existsSync(join(PG_BIN, b)));
  let reason: string | undefined;
  if (missing.length) reason = `${missing.join(', ')} not found in ${PG_BIN} (set PG_BIN)`;
  else if (process.getuid?.() === 0 && !postgresUser()) reason = 'running as root and there is no postgres user';
  if (reason) console.log(`PostgreSQL restart tests skipped: ${reason}`);
  return reason;
}

function postgresUser(): { uid: number; gid: number } | undefined {
  try {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    return undefined;
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** initdb + start; call destroy() in afterAll. */
export async function startPrivatePg(): Promise<PrivatePg> {
  const dir = mkdtempSync(join(tmpdir(), 'xinfang-pg-'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const u = postgresUser()!;
    chownSync(dir, u.uid, u.gid);
  }
  const command = (bin: string, args: string[]): [string, string[]] =>
    asRoot ? ['runuser', ['-u', 'postgres', '--', join(PG_BIN, bin), ...args]] : [join(PG_BIN, bin), args];
  const pg = (bin: string, args: string[]) => run(...command(bin, args));
  const data = join(dir, 'data');
  await pg('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
  const port = await freePort();
  // fsync off and small buffers: a test cluster on a shared machine; its data is thrown away.
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c shared_buffers=16MB`;
  const ctlArgs = (args: string[]) => ['-D', data, '-l', join(dir, 'log'), '-w', '-t', '30', ...args];
  const ctl = (...args: string[]) => pg('pg_ctl', ctlArgs(args));
  let running = false;
  const start = async () => {
    await ctl('-o', options, 'start');
    running = true;
  };
  await start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      await ctl('-m', 'fast', 'stop');
      running = false;
    },
    stopSync() {
      execFileSync(...command('pg_ctl', ctlArgs(['-m', 'fast', 'stop'])), { stdio: 'ignore' });
      running = false;
    },
    start,
    async destroy() {
      if (running) await ctl('-m', 'immediate', 'stop').catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
