import { createApp } from '../app.ts';
import { createManualClock } from '../clock.ts';
import { testConfig, type Config } from '../config.ts';
import { createDeps, type DepsOverrides } from '../deps.ts';

/** A fresh app on its own in-memory database and a manual clock, for HTTP tests without a port. */
export async function createTestApp(opts: { now?: string; config?: Partial<Record<keyof Config, string>>; overrides?: DepsOverrides } = {}) {
  const clock = createManualClock(opts.now ?? '2026-03-02T09:00:00+08:00');
  const deps = await createDeps(testConfig(opts.config), { clock, ...opts.overrides });
  const app = createApp(deps);
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    app.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const get = (path: string, headers: Record<string, string> = {}) => app.request(path, { headers });
  return { app, deps, clock, post, get };
}
