import { Hono, type Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { Alert, AlertMessage } from '../alerts/types.ts';
import type { Deps } from '../deps.ts';
import type { AppEnv } from '../http/app-env.ts';
import { AlertCard, ClusterCard, type Contact } from './alert-card.tsx';
import { Layout, Unavailable } from './layout.tsx';
import { DISPATCH_SCRIPT } from './dispatch-script.ts';
import { alertsOf, csrfOf } from './sources.ts';

/** Keeps proxies from closing an idle stream. */
const PING_MS = 15_000;

/**
 * Who sees which contact field on the board; mirrors the API's PII rule: reception, supervisors and
 * admins see name and phone, dispatch only the phone and only for a red-risk petition.
 */
export function contactFor(deps: Deps, role: string, petitionId: string): Contact {
  const v = deps.cases.view(petitionId, { unmasked: true } as never);
  const p = v.petitioner;
  if (!p) return { name: null, phone: null, hidden: '未登记' };
  if (['reception', 'supervisor', 'admin'].includes(role)) return { name: p.name, phone: p.phone };
  if (role === 'dispatch' && v.risk_level === 'red') return { name: null, phone: p.phone };
  return { name: null, phone: null, hidden: '无权查看（仅限授权岗位）' };
}

function cardNode(c: Context<AppEnv>, alert: Alert, fresh = false) {
  const deps = c.var.deps;
  return <AlertCard alert={alert} contact={contactFor(deps, c.var.role, alert.petition_id)} now={deps.clock.now()} csrf={csrfOf(c)} fresh={fresh} />;
}

const card = (c: Context<AppEnv>, alert: Alert, fresh = false) => String(cardNode(c, alert, fresh));

/** 调度: red alerts live over SSE, with evidence, contact, countdown and acknowledgement; clusters. */
export function dispatchRoutes() {
  const app = new Hono<AppEnv>();

  app.get('/dispatch', (c) => {
    const alerts = alertsOf(c.var.deps);
    if (!alerts) {
      return c.html('<!doctype html>' + (<Layout title="调度台" active="dispatch"><Unavailable what="红色预警" /></Layout>));
    }
    const open = alerts.list({ status: 'open', limit: 50, offset: 0 });
    const acked = alerts.list({ status: 'acked', limit: 10, offset: 0 });
    const clusters = alerts.clusters.list({ limit: 20, offset: 0 });
    return c.html(
      '<!doctype html>' +
        (
          <Layout title="调度台" active="dispatch" script={DISPATCH_SCRIPT}>
            <p id="live-status" role="status" aria-live="polite" class="muted">
              正在连接实时预警…
            </p>
            <section class="card" aria-labelledby="open-title">
              <h2 id="open-title" tabindex={-1}>
                待签收红色预警（<span id="open-count">{open.total}</span>）
              </h2>
              <p class="hint">收到预警后 3 分钟内签收；超时自动升级。</p>
              <div id="open-alerts">
                {open.items.map((a) => cardNode(c, a))}
              </div>
              {open.items.length ? null : (
                <p class="muted" id="no-alerts">
                  当前没有待签收的预警。
                </p>
              )}
            </section>
            <section class="card" aria-labelledby="acked-title">
              <h2 id="acked-title">最近签收</h2>
              <div id="acked-alerts">
                {acked.items.map((a) => cardNode(c, a))}
              </div>
            </section>
            <section class="card" aria-labelledby="clusters-title">
              <h2 id="clusters-title">聚集性事项（{clusters.total}）</h2>
              {clusters.items.length ? clusters.items.map((cl) => <ClusterCard cluster={cl} />) : <p class="muted">暂无聚集性事项。</p>}
            </section>
          </Layout>
        ),
    );
  });

  app.get('/dispatch/stream', (c) => {
    const alerts = alertsOf(c.var.deps);
    if (!alerts) return c.text('alerts are not available', 503);
    return streamSSE(c, async (stream) => {
      let closed = false;
      const queue: AlertMessage[] = [];
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
          if (m) {
            await stream.writeSSE({ event: m.type, id: m.alert.id, data: JSON.stringify({ id: m.alert.id, type: m.type, html: card(c, m.alert, m.type !== 'ack') }) });
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
    const alerts = alertsOf(c.var.deps);
    if (!alerts) return c.text('alerts are not available', 503);
    const body = await c.req.parseBody();
    const note = typeof body.note === 'string' && body.note.trim() ? body.note.trim().slice(0, 500) : undefined;
    const alert = alerts.ack(c.req.param('id'), { actor: c.var.actor, note });
    if (c.req.header('x-requested-with') === 'fetch') return c.html(card(c, alert));
    return c.redirect('/dispatch', 303);
  });

  return app;
}
