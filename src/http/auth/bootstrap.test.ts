import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../clock.ts';
import { testConfig } from '../../config.ts';
import { createDeps } from '../../deps.ts';
import { createLogger } from '../../log.ts';

function quietDeps(dbPath: string, extra: Record<string, string> = {}) {
  const lines: string[] = [];
  const log = createLogger('warn', (l) => lines.push(l));
  return createDeps(testConfig({ DB_PATH: dbPath, ...extra }), {
    log,
    clock: createManualClock('2026-03-02T09:00:00+08:00'),
  }).then((deps) => ({ deps, lines }));
}

describe('start-up without ADMIN_API_KEY', () => {
  it('generates one admin key on first start, in a 0600 file beside the database, and never again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xf-boot-'));
    const { deps, lines } = await quietDeps(join(dir, 'xinfang.db'));
    const file = join(dir, 'admin-key.txt');
    const key = readFileSync(file, 'utf8').trim();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(deps.keys.authenticate(key)).toMatchObject({ role: 'admin' });
    expect(lines.join('\n')).toContain('admin-key.txt');
    expect(lines.join('\n')).not.toContain(key);
    expect(statSync(join(dir, 'pii.key')).mode & 0o777).toBe(0o600);
    deps.close();

    const again = await quietDeps(join(dir, 'xinfang.db'));
    expect(readFileSync(file, 'utf8').trim()).toBe(key);
    expect(again.deps.keys.list().filter((k) => k.role === 'admin')).toHaveLength(1);
    again.deps.close();
  });

  it('registers ADMIN_API_KEY and keeps it revoked once revoked', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xf-boot-'));
    const ADMIN = 'operator-chosen-admin-key-123456';
    const { deps } = await quietDeps(join(dir, 'xinfang.db'), { ADMIN_API_KEY: ADMIN });
    const admin = deps.keys.authenticate(ADMIN)!;
    expect(admin.role).toBe('admin');
    deps.keys.revoke(admin.keyId, 'test');
    deps.close();
    const { deps: again, lines } = await quietDeps(join(dir, 'xinfang.db'), { ADMIN_API_KEY: ADMIN });
    expect(again.keys.authenticate(ADMIN)).toBeNull();
    expect(lines.join('\n')).toContain('stays revoked');
    again.close();
  });
});
