import { Hono, type Context } from 'hono';
import { raw } from 'hono/html';
import { streamSSE } from 'hono/streaming';
import type { Alert, DispatchMessage } from '../alerts/types.ts';
import { PII_ACCESS } from '../http/auth/policy.ts';
import { isRole } from '../http/auth/roles.ts';
import type { PiiField } from '../store/petitions-repo.ts';
import type { Deps } from '../http/app-deps.ts';
import type { AppEnv } from '../http/app-env.ts';
import { AlertCard, ClusterCard, type Contact } from './alert-card.tsx';
import { Layout, userOf } from './layout.tsx';
import { DISPATCH_SCRIPT } from './dispatch-script.ts';
import { csrfOf } from './sources.ts';

/** What the dispatch board uses: the alerts, the petitions (contacts), and the clock (countdowns). */
export type DispatchDeps = Pick<Deps, 'alerts' | 'cases' | 'clock'>;

/** Keeps proxies from closing an idle stream. */
const PING_MS = 15_000;

/**
 * The contact shown on a card, by the API's PII rule (http/auth/policy.ts PII_ACCESS): masked by default;
 * a role allowed to see it (dispatch: the phone of a red petition) may reveal it, and the read is recorded
 * in the case file (cases.reveal writes a pii_read event).
 */
export function contactFor(c: Context<AppEnv>, deps: DispatchDeps, petitionId: string, reveal = false): Contact {
  const { role, actor } = c.var;
  const view = deps.cases.view(petitionId);
  const access = isRole(role)
    ? PII_ACCESS[role]
    : { fields: [] as readonly string[], redOnly: [] as readonly string[] };
  const allowed = [...access.fields, ...(view.risk_level === 'red' ? (access.redOnly ?? []) : [])].filter(
    (f) => f === 'name' || f === 'phone',
  ) as PiiField[];
  if (!allowed.length) return { name: null, phone: null, hidden: '无权查看（仅限授权岗位）' };
  const p = view.petitioner;
  if (!p) return { name: null, phone: null, hidden: '未登记' };
  // Revealing on the board is a dispatch action (policy: POST /dispatch/** is dispatch only).
  if (!reveal) return { name: p.name, phone: p.phone, canReveal: role === 'dispatch' || role === 'admin' };
  const shown = deps.cases.reveal(petitionId, allowed, actor, role).petitioner;
  return { name: shown?.name ?? null, phone: shown?.phone ?? null, revealed: true };
}

function cardNode(c: Context<AppEnv>, deps: DispatchDeps, alert: Alert, fresh = false, reveal = false) {
  return (
    <AlertCard
      alert={alert}
      contact={contactFor(c, deps, alert.petition_id, reveal)}
      now={deps.clock.now()}
      csrf={csrfOf(c)}
      fresh={fresh}
    />
  );
}

const card = (c: Context<AppEnv>, deps: DispatchDeps, alert: Alert, fresh = false, reveal = false) =>
  String(cardNode(c, deps, alert, fresh, reveal));

/** 调度: red alerts live over SSE, with evidence, contact, countdown and acknowledgement; clusters. */
export function dispatchRoutes(deps: DispatchDeps) {
  const app = new Hono<AppEnv>();

  app.get('/dispatch', (c) => {
    const alerts = deps.alerts;
    const open = alerts.list({ status: 'open', limit: 50, offset: 0 });
    const acked = alerts.list({ status: 'acked', limit: 10, offset: 0 });
    const clusters = alerts.clusters.list({ limit: 20, offset: 0 });
    return c.html(
      '<!doctype html>' +
      (
        <Layout user={userOf(c)} title="调度台" active="dispatch" script={DISPATCH_SCRIPT}>
          <p id="live-status" role="status" aria-live="polite" class="muted">
            正在连接实时预警…
          </p>
          <section class="card" aria-labelledby="open-title">
            <h2 id="open-title" tabindex={-1}>
              待签收红色预警（<span id="open-count">{open.total}</span>）
            </h2>
            <p class="hint">收到预警后 3 分钟内签收；超时自动升级。</p>
            <div id="open-alerts">{open.items.map((a) => cardNode(c, deps, a))}</div>
            {open.items.length ? null : (
              <p class="muted" id="no-alerts">
                当前没有待签收的预警。
              </p>
            )}
          </section>
          <section class="card" aria-labelledby="acked-title">
            <h2 id="acked-title">最近签收</h2>
            <div id="acked-alerts">{acked.items.map((a) => cardNode(c, deps, a))}</div>
          </section>
          <section class="card" aria-labelledby="clusters-title">
            <h2 id="clusters-title">聚集性事项（{clusters.total}）</h2>
            {clusters.items.length ? (
              clusters.items.map((cl) => <ClusterCard cluster={cl} />)
            ) : (
              <p class="muted">暂无聚集性事项。</p>
            )}
          </section>
        </Layout>
      ),
    );
  });

  app.get('/dispatch/stream', (c) => {
    const alerts = deps.alerts;
    return streamSSE(c, async (stream) => {
      let closed = false;
      const queue: DispatchMessage[] = [];
      let wake: (() => void) | null = null;
      const unsubscribe = alerts.subscribe({
        send: (m) => {
          queue.push(m);
          wake?.();
        },
        close: () => {
          closed = true;
          wake?.();
        },
      });
      stream.onAbort(() => {
        closed = true;
        wake?.();
      });
      await stream.writeSSE({ event: 'ready', data: '{}' });
      try {
        while (!closed) {
          const m = queue.shift();
          if (m?.type === 'notice') {
            const n = m.notice;
            await stream.writeSSE({
              event: 'notice',
              id: n.id,
              data: JSON.stringify({
                id: n.id,
                type: 'notice',
                // A clock reminder's message already names the petition and the clock (cases/clock-reminders.ts).
                text:
                  'reminder' in n
                    ? `时限提醒：${n.message}`
                    : `督办通知：${n.department}，信访事项 ${n.petition_id}：${n.message}`,
              }),
            });
            continue;
          }
          if (m) {
            await stream.writeSSE({
              event: m.type,
              id: m.alert.id,
              data: JSON.stringify({ id: m.alert.id, type: m.type, html: card(c, deps, m.alert, m.type !== 'ack') }),
            });
            continue;
          }
          await new Promise<void>((resolve) => {
            wake = resolve;
            setTimeout(resolve, PING_MS);
          });
          wake = null;
          if (!queue.length && !closed) await stream.write(': ping\n\n');
        }
      } finally {
        unsubscribe();
      }
    });
  });

  app.post('/dispatch/alerts/:id/ack', async (c) => {
    const alerts = deps.alerts;
    const body = await c.req.parseBody();
    const note = typeof body.note === 'string' && body.note.trim() ? body.note.trim().slice(0, 500) : undefined;
    const alert = alerts.ack(c.req.param('id'), { actor: c.var.actor, note });
    if (c.req.header('x-requested-with') === 'fetch') return c.html(card(c, deps, alert));
    return c.redirect('/dispatch', 303);
  });

  app.post('/dispatch/alerts/:id/contact', (c) => {
    const alert = deps.alerts.get(c.req.param('id'));
    const html = card(c, deps, alert, false, true);
    if (c.req.header('x-requested-with') === 'fetch') return c.html(html);
    // Without script: show the revealed card on its own page.
    return c.html(
      '<!doctype html>' +
      (
        <Layout user={userOf(c)} title="调度台" active="dispatch">
          {raw(html)}
          <p>
            <a href="/dispatch">返回调度台</a>
          </p>
        </Layout>
      ),
    );
  });

  return app;
}
