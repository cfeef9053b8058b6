import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../src/app.ts';

// The example files of docs/operations.md: checked by the tools that will read them, where the machine has them.
const OPS = 'docs/ops';
const UNITS = ['xinfang-assist.service', 'xinfang-backup.service', 'xinfang-backup.timer'];
const hasTool = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const dir = mkdtempSync(join(tmpdir(), 'xf-ops-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('docs/ops', () => {
  it.skipIf(!hasTool('systemd-analyze'))('has systemd units that systemd-analyze verify accepts', () => {
    for (const u of UNITS) copyFileSync(join(OPS, u), join(dir, u));
    const run = spawnSync('systemd-analyze', ['verify', ...UNITS.map((u) => join(dir, u))], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('starts the service the way npm start does, without npm in between', () => {
    const unit = readFileSync(join(OPS, 'xinfang-assist.service'), 'utf8');
    const start = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts
      .start;
    expect(start).toBe('exec node dist/src/index.js');
    expect(unit).toMatch(/^ExecStart=\/usr\/bin\/node dist\/src\/index\.js$/m);
    expect(unit).toMatch(/^KillSignal=SIGTERM$/m);
  });

  it('proxies with the service’s body limit, forwarded address and protocol, and an unbuffered alert stream', () => {
    const conf = readFileSync(join(OPS, 'nginx-xinfang.conf'), 'utf8');
    expect(MAX_BODY_BYTES).toBe(1024 * 1024);
    expect(conf).toMatch(/client_max_body_size 1m;/);
    expect(conf).toMatch(/proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;/);
    expect(conf).toMatch(/proxy_set_header X-Forwarded-Proto \$scheme;/);
    expect(conf).toMatch(/location = \/v1\/alerts\/stream \{[^}]*proxy_buffering off;/);
  });

  it.skipIf(!hasTool('logrotate'))('has a logrotate file logrotate can parse', () => {
    // The example names the service user; a machine without that user parses it with the user swapped for root.
    const conf = readFileSync(join(OPS, 'logrotate-xinfang'), 'utf8').replace('su xinfang xinfang', 'su root root');
    // logrotate refuses configuration files that others can write.
    writeFileSync(join(dir, 'logrotate.conf'), conf, { mode: 0o644 });
    const run = spawnSync('logrotate', ['-d', '-s', join(dir, 'state'), join(dir, 'logrotate.conf')], {
      encoding: 'utf8',
    });
    expect(run.stderr + run.stdout).not.toMatch(/^error:/m);
    expect(run.status).toBe(0);
  });
});
