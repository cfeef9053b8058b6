import { serve, type ServerType } from '@hono/node-server';
import { existsSync, mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createTestApp } from './test-app.ts';

/** Debian's chromium (installed with fonts-noto-cjk by .ci/run); never a downloaded browser. */
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];
export const ARTIFACTS = join(process.cwd(), 'test-artifacts');

/** Launches chromium, or fails loudly: a missing browser must never turn the UI tests into a silent skip. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} not found: install Debian's chromium and fonts-noto-cjk (apt-get install chromium fonts-noto-cjk); the browser tests do not skip`,
    );
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** Saves a full-page screenshot under test-artifacts/ (git-ignored) and returns its path. */
export async function shot(page: Page, name: string): Promise<string> {
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Presses Tab until the element matching `selector` has focus; fails after `max` presses. */
export async function tabTo(page: Page, selector: string, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector} within ${max} presses`);
}

/** Opens a page, signing in with the API key on the login form when the service asks for it. */
export async function openSignedIn(page: Page, url: string, key: string): Promise<void> {
  await page.goto(url);
  if (new URL(page.url()).pathname === '/login') {
    await page.locator('input[name="key"]').fill(key);
    await Promise.all([
      page.waitForURL((u) => u.pathname !== '/login'),
      page.locator('form[action="/login"] button[type="submit"]').click(),
    ]);
  }
}

/** Serves an app in this process on a free loopback port (for tests that need the injected clock or triage). */
export async function serveInProcess(
  fetch: (req: Request) => Response | Promise<Response>,
): Promise<{ url: string; close: () => Promise<void> }> {
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        // Open event streams would keep close() waiting; drop the connections first.
        (server as Server).closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type TestApp = Awaited<ReturnType<typeof createTestApp>>;

/** A browser and a test app served on loopback: what each page test starts from. */
export interface Pages {
  browser: Browser;
  t: TestApp;
  server: { url: string; close: () => Promise<void> };
  close(): Promise<void>;
}

/** Starts chromium and a test app (seeded by `seed` before it serves); `close` stops all three. */
export async function startPages(
  opts: Parameters<typeof createTestApp>[0] = {},
  seed?: (t: TestApp) => void,
): Promise<Pages> {
  const browser = await launchBrowser();
  // The manual clock starts at the real time: the browser drops a session cookie whose expiry is in its past.
  const t = await createTestApp({ now: new Date().toISOString(), ...opts });
  seed?.(t);
  const server = await serveInProcess(t.rawApp.fetch);
  return {
    browser,
    t,
    server,
    close: async () => {
      await browser.close();
      await server.close();
      t.deps.close();
    },
  };
}
