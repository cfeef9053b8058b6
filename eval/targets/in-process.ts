import { randomBytes } from 'node:crypto';
import type { Target } from './types.ts';

/** The slice of a Hono app the harness needs: `app.request(path, init)` answers without a port. */
export interface RequestHandler {
  request(path: string, init: RequestInit): Response | Promise<Response>;
}

export interface InProcessOptions {
  headers?: Record<string, string>;
  /** Config overrides passed to testConfig() (e.g. MODELS_DIR); the config never reads process.env here. */
  config?: Record<string, string>;
  /** For tests: an app to call instead of loading ours. */
  app?: RequestHandler;
}

interface AppModules {
  createApp: (deps: unknown) => RequestHandler;
  createDeps: (config: unknown) => unknown;
  testConfig: (overrides?: Record<string, string>) => unknown;
}

// Loaded lazily so the harness (and its tests) work before and without our service.
async function loadOurApp(): Promise<AppModules> {
  try {
    const [app, deps, config] = await Promise.all([
      import('../../src/app.ts'),
      import('../../src/deps.ts'),
      import('../../src/config.ts'),
    ]);
    return { createApp: app.createApp, createDeps: deps.createDeps, testConfig: config.testConfig } as AppModules;
  } catch (err) {
    throw new Error(
      `in-process target needs src/app.ts (createApp), src/deps.ts (createDeps) and src/config.ts (testConfig): ${(err as Error).message}`,
    );
  }
}

/**
 * Our service without a port: createApp(await createDeps(testConfig())).request(...), the same code path
 * as `npm start`, so in-process and HTTP figures agree by construction (only transport time differs).
 */
export async function createInProcessTarget(opts: InProcessOptions = {}): Promise<Target> {
  let app = opts.app;
  let deps: unknown;
  const headers = { ...opts.headers };
  if (!app) {
    const m = await loadOurApp();
    // Throw-away admin and PII keys for this run (nothing is written beside the in-memory database), and
    // no rate limit: the harness sends thousands of requests.
    const key = randomBytes(24).toString('hex');
    const config = {
      ADMIN_API_KEY: key,
      PII_KEY: randomBytes(32).toString('hex'),
      RATE_LIMIT_PER_MIN: '0',
      ...opts.config,
    };
    deps = await m.createDeps(m.testConfig(config));
    app = m.createApp(deps);
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'authorization')) headers.authorization = `Bearer ${key}`;
  }
  const handler = app;
  return {
    kind: 'in-process',
    url: null,
    send: async (endpoint, body, signal) =>
      handler.request(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
        body: JSON.stringify(body),
        signal,
      }),
    get: async (path, signal) =>
      handler.request(path, { method: 'GET', headers: { accept: 'application/json', ...headers }, signal }),
    close: async () => {
      const d = deps as
        | { close?: () => unknown; db?: { close?: () => unknown }; alerts?: { close?: () => unknown } }
        | undefined;
      d?.alerts?.close?.(); // as src/index.ts does on shutdown: alert streams and timers first
      if (d?.close) await d.close();
      else d?.db?.close?.();
    },
  };
}
