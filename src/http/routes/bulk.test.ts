import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../testing/test-app.ts';

const WAGES = '某建筑公司拖欠我们十二名农民工工资共计八万元，已经半年，多次讨要无果，请求责令支付。';

describe('POST /v1/petitions/bulk-moves', () => {
  it('routes, then assigns (交办) a selection with a deadline; refuses the whole batch when one case cannot move', async () => {
    const t = await createTestApp();
    const clerk = t.as('reception');
    const ids: string[] = [];
    for (let i = 0; i < 3; i++)
      ids.push((await (await clerk.post('/v1/petitions', { text: `${WAGES}（${i}）` })).json()).id);
    for (const id of ids)
      expect(
        (await clerk.post(`/v1/petitions/${id}/transitions`, { to: 'screened', decision: 'accepted', reason: '受理' }))
          .status,
      ).toBe(200);

    const routed = await clerk.post('/v1/petitions/bulk-moves', {
      ids,
      action: 'route',
      department: '人力资源和社会保障局',
      reason: '交人社部门办理',
    });
    expect(await routed.json()).toEqual({ moved: ids });
    const assigned = await clerk.post('/v1/petitions/bulk-moves', {
      ids: ids.slice(0, 2),
      action: 'assign',
      department: '人力资源和社会保障局',
      days: 10,
      reason: '请核实',
    });
    expect(assigned.status).toBe(200);
    for (const id of ids.slice(0, 2)) {
      const [a] = (await (await clerk.get(`/v1/petitions/${id}/assignments`)).json()).items;
      expect(a).toMatchObject({ department: { name: '人力资源和社会保障局' }, status: 'open', instructions: '请核实' });
    }

    // Neither case can be routed (one is routed already, one assigned): both are named and nothing moves.
    const before = t.deps.events.forPetition(ids[2]).length;
    const refused = await clerk.post('/v1/petitions/bulk-moves', {
      ids: [ids[2], ids[0]],
      action: 'route',
      department: '住房和城乡建设局',
      reason: '改交住建',
    });
    expect(refused.status).toBe(409);
    const body = (await refused.json()).error;
    expect(body.code).toBe('bulk_refused');
    expect(body.issues).toEqual([
      { path: ids[2], message: '不能从“分流”（routed）转到“分流”（routed）' },
      { path: ids[0], message: '不能从“交办”（assigned）转到“分流”（routed）' },
    ]);
    expect(t.deps.events.forPetition(ids[2])).toHaveLength(before);
    expect(t.deps.cases.view(ids[2]).status).toBe('routed');
  });

  it('names the missing department (400) and is refused to dispatch (403)', async () => {
    const t = await createTestApp();
    const res = await t.post('/v1/petitions/bulk-moves', { ids: ['XF1'], action: 'assign', reason: '交办' });
    expect(res.status).toBe(400);
    expect((await res.json()).error.issues).toEqual([{ path: 'department', message: '分流、交办须填写承办单位' }]);
    expect(
      (await t.as('dispatch').post('/v1/petitions/bulk-moves', { ids: ['XF1'], action: 'supervise', reason: '督办' }))
        .status,
    ).toBe(403);
  });
});
