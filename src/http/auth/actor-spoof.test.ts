import { describe, expect, it } from 'vitest';
import { RED_TEXT } from '../../alerts/testing/alert-fixture.ts';
import { simpleTriage } from '../../alerts/testing/simple-triage.ts';
import { createTestApp } from '../../testing/test-app.ts';
import { parseActor } from './actor.ts';

const WAGES = '某建筑公司拖欠我们十二名农民工工资共计八万元，已经半年，多次讨要无果，请求责令支付。';
const SPOOF = '县信访局 局长 王某';
const fillIn = (reply: string) =>
  reply
    .replace(/【待核实：[^】]*】/g, '施工单位尚欠工资属实。')
    .replace(
      /处理意见：【处理意见：[^】]*】[^。\n]*。/,
      '处理意见：依照《信访工作条例》第三十二条第一项的规定，本机关对您的请求予以支持。',
    );

describe('a spoofed body actor is never recorded', () => {
  it('records the calling key on every route that once took `actor` from the body, whatever the body says', async () => {
    const t = await createTestApp({ overrides: { triage: simpleTriage } });
    const clerk = t.as('reception', '接待 李');
    const boss = t.as('supervisor', '督查 赵');
    const duty = t.as('dispatch', '值班 钱');
    const spoof = { actor: SPOOF };
    const ok = async (res: Response | Promise<Response>, status = 200) => {
      const r = await res;
      expect(r.status, await r.clone().text()).toBe(status);
      return r.json();
    };

    // Registration never took an actor and still refuses one (strict body).
    await ok(clerk.post('/v1/petitions', { text: WAGES, ...spoof }), 400);
    const { id } = await ok(clerk.post('/v1/petitions', { text: WAGES }), 201);
    await ok(
      clerk.post(`/v1/petitions/${id}/transitions`, { to: 'screened', decision: 'accepted', reason: '受理', ...spoof }),
    );
    await ok(boss.post(`/v1/petitions/${id}/extension`, { days: 10, reason: '情况复杂', ...spoof }));
    // 交办 and a 督办 notice on a second case (an assigned case waits for the department's findings).
    const { id: other } = await ok(clerk.post('/v1/petitions', { text: `${WAGES}（另一工地）` }), 201);
    await ok(
      clerk.post(`/v1/petitions/${other}/transitions`, {
        to: 'screened',
        decision: 'accepted',
        reason: '受理',
        ...spoof,
      }),
    );
    await ok(boss.post('/v1/departments', { name: '县住建局', ...spoof }), 201);
    await ok(
      clerk.post(`/v1/petitions/${other}/transitions`, {
        to: 'routed',
        reason: '分流',
        department: '县住建局',
        ...spoof,
      }),
    );
    await ok(clerk.post(`/v1/petitions/${other}/assignments`, { department: '县住建局', days: 10, ...spoof }), 201);
    await ok(boss.post(`/v1/petitions/${other}/assignments/current/notice`, { message: '请按期报送', ...spoof }), 201);
    const draft = await ok(clerk.post(`/v1/petitions/${id}/drafts`, { kind: 'opinion', ...spoof }), 201);
    const edited = await ok(
      clerk.post(`/v1/petitions/${id}/drafts/edits`, { reply: fillIn(draft.reply), ...spoof }),
      201,
    );
    await ok(boss.post(`/v1/petitions/${id}/drafts/${edited.version}/approve`, spoof));
    await ok(clerk.post(`/v1/petitions/${id}/follow-up`, { satisfaction: '满意', ...spoof }));
    const red = await ok(clerk.post('/v1/petitions', { text: RED_TEXT }), 201);
    const alert = (await ok(duty.get('/v1/alerts?status=open'))).items.find(
      (a: { petition_id: string }) => a.petition_id === red.id,
    );
    await ok(duty.post(`/v1/alerts/${alert.id}/ack`, { note: '已联系', ...spoof }));

    const rows = JSON.stringify([
      t.deps.db.prepare('SELECT actor FROM events').all(),
      t.deps.db.prepare('SELECT acked_by FROM alerts').all(),
      t.deps.db.prepare('SELECT actor FROM follow_ups').all(),
      t.deps.reviews.list(id).map((d) => [d.createdBy, d.approvedBy]),
    ]);
    expect(rows).not.toContain('局长');
    const byKey = t.deps.db
      .prepare("SELECT type, actor FROM events WHERE actor != 'system' AND type != 'key_created'")
      .all() as { type: string; actor: string }[];
    const who = new Set(byKey.map((e) => `${e.type}:${parseActor(e.actor).name}:${parseActor(e.actor).role}`));
    expect(who).toEqual(
      new Set([
        'department_added:督查 赵:supervisor',
        'registered:接待 李:reception',
        'transition:接待 李:reception',
        'extended:督查 赵:supervisor',
        'transition:接待 李:reception',
        'assigned:接待 李:reception',
        'supervision_notice:督查 赵:supervisor',
        'draft_version:接待 李:reception',
        'draft_approved:督查 赵:supervisor',
        'transition:督查 赵:supervisor',
        'follow_up:接待 李:reception',
        'alert_acked:值班 钱:dispatch',
      ]),
    );
    for (const e of byKey) expect(parseActor(e.actor).keyId, `${e.type}`).toMatch(/^key_[0-9a-f]{12}$/);
  });
});
