import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../testing/test-app.ts';

describe('GET /v1/info (the entry identity of the pilot contract)', () => {
  it('names the service, its version and its models for any signed-in role', async () => {
    const t = await createTestApp();
    const evaluator = await t.as('evaluator');
    const res = await evaluator.get('/v1/info');
    expect(res.status).toBe(200);
    const info = await res.json();
    expect(info).toMatchObject({
      name: 'xinfang-assist',
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      contract: 'xinfang-pilot/1',
    });
    // The model description carries each model file's hash, so a retrained model is a different entry.
    expect(info.model).toMatch(/emotion\.json [0-9a-f]{12}/);
    expect(info.model).toContain('离线起草');
  });

  it('needs a key like every /v1 route', async () => {
    const t = await createTestApp();
    expect((await t.rawApp.request('/v1/info')).status).toBe(401);
  });
});
