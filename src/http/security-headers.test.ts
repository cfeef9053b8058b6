import { describe, expect, it } from 'vitest';
import { createTestApp } from '../testing/test-app.ts';

// Issue 17, Deliver 5: pages send a CSP without inline scripts, frame protection, and no-store (they show
// personal data); page scripts are served as files.

const scriptSrc = (csp: string) =>
  csp
    .split(';')
    .map((d) => d.trim())
    .find((d) => d.startsWith('script-src')) ?? '';

describe('security headers', () => {
  it.each([['/reception'], ['/dispatch'], ['/petitions'], ['/supervision'], ['/evaluators']])(
    '%s: CSP without inline scripts, DENY framing, no-store',
    async (path) => {
      const t = await createTestApp();
      const res = await t.get(path);
      expect(res.status).toBe(200);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(scriptSrc(csp)).toBe("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('cache-control')).toBe('no-store');
      // No inline script and no inline event handler in the page.
      const html = await res.text();
      expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
      expect(html).not.toMatch(/\son(?:click|load|submit|change)=/);
    },
  );

  it('serves a page script as a file that anyone may fetch, cached by its content hash', async () => {
    const t = await createTestApp();
    const html = await (await t.get('/dispatch')).text();
    const src = /<script src="(\/assets\/js\/[0-9a-f]+\.js)"/.exec(html)?.[1];
    expect(src).toBeTruthy();
    const js = await t.rawApp.request(src!);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(js.headers.get('cache-control')).toContain('immutable');
    expect(await js.text()).toContain('EventSource');
    expect((await t.rawApp.request('/assets/js/0000.js')).status).toBe(404);
  });

  it('a petition page and its API answer with personal data are no-store', async () => {
    const t = await createTestApp();
    const p = await (
      await t.post('/v1/petitions', {
        text: '村里道路年久失修，雨天无法通行。',
        petitioner: { name: '王建国', phone: '13812345678' },
      })
    ).json();
    for (const path of [`/petitions/${p.id}`, `/v1/petitions/${p.id}?reveal=all`]) {
      const res = await t.get(path);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
    }
  });

  it('error answers carry the headers too', async () => {
    const t = await createTestApp();
    const res = await t.get('/v1/petitions/XF-NONE');
    expect(res.status).toBe(404);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
