import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../src/testing/server-process.ts';
import { rewriteImports } from './build.mjs';

const dirs: string[] = [];
const children: ChildProcess[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'xf-build-'));
  dirs.push(d);
  return d;
};

afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null && c.pid) process.kill(c.pid, 'SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

interface Started {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<{ code: number | null; signal: string | null }>;
}

/** Spawns a command with a fresh database and waits for /healthz. */
async function start(cmd: string, args: string[], opts: { detached?: boolean } = {}): Promise<Started> {
  const dir = tempDir();
  const port = await freePort();
  const child = spawn(cmd, args, {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? dir,
      DB_PATH: join(dir, 'xinfang.db'),
      PORT: String(port),
      ADMIN_API_KEY: 'build-test-admin-key-0001',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: opts.detached,
  });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`exited early: ${out}`);
    if (Date.now() > deadline) throw new Error(`no /healthz: ${out}`);
    if (
      await fetch(`${url}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { child, url, output: () => out, exited };
    await new Promise((r) => setTimeout(r, 100));
  }
}

const childrenOf = (pid: number) =>
  spawnSync('ps', ['-o', 'pid=,args=', '--ppid', String(pid)], { encoding: 'utf8' })
    .stdout.trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => l.trim());

describe('scripts/build.mjs', () => {
  it.each([
    ['import { a } from "./a.ts";', 'import { a } from "./a.js";'],
    ["export * from '../b/c.tsx';", "export * from '../b/c.js';"],
    ['const m = await import("./lazy.ts");', 'const m = await import("./lazy.js");'],
    ['import "./side-effect.ts";', 'import "./side-effect.js";'],
    ['import x from "pkg/thing.ts";', 'import x from "pkg/thing.ts";'],
    ['const s = "./not-an-import.ts";', 'const s = "./not-an-import.ts";'],
  ])('rewrites relative .ts imports: %s', (input, output) => {
    expect(rewriteImports(input)).toBe(output);
  });

  it('compiles src to plain JavaScript that serves /healthz and stops cleanly on SIGINT', async () => {
    // Inside the project, as dist/ is: the compiled files resolve packages from its node_modules.
    mkdirSync('test-artifacts', { recursive: true });
    const out = join(mkdtempSync(join('test-artifacts', 'build-')), 'dist');
    dirs.push(dirname(out));
    const build = spawnSync(process.execPath, ['scripts/build.mjs', '--outdir', out], { encoding: 'utf8' });
    expect(build.status, build.stderr).toBe(0);
    expect(existsSync(join(out, 'src', 'index.js'))).toBe(true);
    expect(readFileSync(join(out, 'src', 'index.js'), 'utf8')).not.toMatch(/from "\.[^"]*\.ts"/);

    const s = await start(process.execPath, [join(out, 'src', 'index.js')]);
    expect(await (await fetch(`${s.url}/healthz`)).json()).toMatchObject({ ok: true });
    expect((await fetch(`${s.url}/openapi.json`)).status).toBe(200);
    s.child.kill('SIGINT');
    expect(await s.exited).toEqual({ code: 0, signal: null });
    expect(s.output()).toMatch(/"msg":"shutting down","signal":"SIGINT"/);
    expect(s.output()).toMatch(/"msg":"stopped"/);
  }, 180_000);
});

describe('npm start', () => {
  it('runs the compiled server as npm’s direct child, which SIGTERM to npm and SIGINT to the group both stop', async () => {
    for (const [signal, target] of [
      ['SIGTERM', 'npm'],
      ['SIGINT', 'group'],
    ] as const) {
      const s = await start('npm', ['start'], { detached: true });
      const npmPid = s.child.pid!;
      // No shell or tsx between npm and the server: the signal npm forwards (or the terminal sends) reaches it.
      const direct = childrenOf(npmPid);
      expect(direct).toHaveLength(1);
      expect(direct[0]).toMatch(/^\d+ node dist\/src\/index\.js$/);
      const serverPid = Number(direct[0].split(' ')[0]);
      process.kill(target === 'npm' ? npmPid : -npmPid, signal);
      expect((await s.exited).code).toBe(0);
      expect(s.output()).toContain(`"msg":"shutting down","signal":"${signal}"`);
      expect(s.output()).toMatch(/"msg":"stopped"/);
      expect(() => process.kill(serverPid, 0)).toThrow();
    }
  }, 240_000);
});
