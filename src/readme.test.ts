import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STEPS } from './cases/workflow.ts';
import { ROLES } from './http/auth/roles.ts';
import { startServer, type ServerProcess } from './testing/server-process.ts';

const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** The shell walkthrough between the readme-curl markers, exactly as a reader copies it. */
function walkthrough(): string {
  const part = README.split('<!-- readme-curl:start -->')[1]?.split('<!-- readme-curl:end -->')[0] ?? '';
  const m = /```sh\n([\s\S]*?)```/.exec(part);
  if (!m) throw new Error('README has no ```sh block between the readme-curl markers');
  return m[1];
}

/** The rows of the README table that follows a heading. */
function tableAfter(heading: string): string[] {
  const rest = README.split(heading)[1] ?? '';
  return rest
    .split('\n')
    .filter((l) => l.startsWith('| '))
    .slice(0, 40);
}

let tmp: string;
let server: ServerProcess;
beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'xf-readme-'));
  server = await startServer({ DB_PATH: join(tmp, 'xinfang.db'), PII_KEY: 'cd'.repeat(32) }, 90_000);
}, 100_000);
afterAll(async () => {
  server?.child.kill('SIGTERM');
  await server?.exited;
  rmSync(tmp, { recursive: true, force: true });
});

describe('README for a newcomer', () => {
  it('runs the curl walkthrough against a real server, from registration to 回访 and 办结', {
    timeout: 120_000,
  }, async () => {
    const run = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      // A clean shell: no start-up files, only PATH and the two variables the README names.
      execFile(
        'bash',
        ['--norc', '--noprofile', '-c', walkthrough()],
        { env: { PATH: process.env.PATH ?? '', HOME: tmp, XF: server.url, ADMIN: server.key }, timeout: 100_000 },
        (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });
    expect({ code: run.code, stderr: run.stderr }, run.stdout.slice(-2000)).toEqual({ code: 0, stderr: '' });
    // The last two commands print the case and the types of its case-file records.
    expect(run.stdout).toMatch(/"status": "closed"/);
    for (const type of [
      'registered',
      'assigned',
      'findings_reported',
      'findings_assessed',
      'draft_approved',
      'follow_up',
    ]) {
      expect(run.stdout, type).toContain(`"${type}"`);
    }
  });

  it('lists every role and every petition state with its Chinese name', () => {
    const roles = tableAfter('### 角色与权限');
    for (const role of ROLES)
      expect(
        roles.some((r) => r.includes(`\`${role}\``)),
        role,
      ).toBe(true);
    const states = tableAfter('### 事项状态');
    for (const [code, name] of Object.entries(STEPS))
      expect(
        states.some((r) => r.startsWith(`| \`${code}\` | ${name} |`)),
        code,
      ).toBe(true);
  });
});
