import { Hono } from 'hono';
import { petitionView, type PetitionView } from '../cases/case-view.ts';
import type { Deps } from '../http/app-deps.ts';
import type { AppEnv } from '../http/app-env.ts';
import { readSupervisionPage, type SupervisionList } from '../store/supervision-read.ts';
import { Badge, Layout, RISK_LABELS, actorName, localTime, userOf } from './layout.tsx';

// Each list shows its first rows and its full count (from the maintained summaries); the search page has them all.
const LIST_ROWS = 100;

/** A list's rows as the tables show them. */
function viewsOf(list: SupervisionList, now: Date): PetitionView[] {
  return list.rows.map((r) => petitionView(r, list.deadlines.get(r.id) ?? [], null, now));
}

function CaseTable(props: { items: PetitionView[]; total: number; empty: string; id: string; all: string }) {
  if (!props.items.length) return <p class="muted">{props.empty}</p>;
  return (
    <>
      <table id={props.id}>
        <thead>
          <tr>
            <th scope="col">三色牌</th>
            <th scope="col">编号</th>
            <th scope="col">标题</th>
            <th scope="col">环节</th>
            <th scope="col">最近期限</th>
            <th scope="col">风险</th>
          </tr>
        </thead>
        <tbody>
          {props.items.map((p) => {
            const open = p.deadlines
              .filter((d) => !d.met_at && d.binds === 'office')
              .sort((a, b) => a.due_at.localeCompare(b.due_at))[0];
            return (
              <tr class={`row-${p.supervision.colour}`}>
                <td>
                  <Badge colour={p.supervision.colour} />
                </td>
                <td>
                  <a href={`/petitions/${p.id}`}>{p.id}</a>
                </td>
                <td>{p.title ?? [...p.text].slice(0, 20).join('') + '…'}</td>
                <td>{p.status_label}</td>
                <td>
                  {open
                    ? `${open.label} ${open.due_at}（${(open.days_left ?? 0) < 0 ? `超期 ${-(open.days_left ?? 0)} 天` : `剩 ${open.days_left} 天`}）`
                    : '—'}
                  {p.extended ? '，已延期' : ''}
                </td>
                <td>{p.risk_level ? <Badge colour={p.risk_level} text={RISK_LABELS[p.risk_level]} /> : '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {props.total > props.items.length ? (
        <p class="muted">
          仅显示前 {props.items.length} 件，共 {props.total} 件；<a href={props.all}>在查询页查看全部</a>。
        </p>
      ) : null}
    </>
  );
}

/** 督办: overdue and nearly-due cases by 三色牌, the supervision queue and follow-up results. */
export function supervisionRoutes(deps: Pick<Deps, 'db' | 'clock'>) {
  const app = new Hono<AppEnv>();
  app.get('/supervision', (c) => {
    const now = deps.clock.now();
    const board = readSupervisionPage(deps.db, now, LIST_ROWS);
    const [overdue, nearly, queue] = [board.overdue, board.nearly, board.queue].map((l) => ({
      items: viewsOf(l, now),
      total: l.total,
    }));
    const followUps = board.followUps;
    return c.html(
      '<!doctype html>' +
      (
        <Layout user={userOf(c)} title="督办" active="supervision">
          <p>
            <Badge colour="red" /> 已超过法定期限；
            <Badge colour="yellow" /> 剩 3 天以内或已延期；
            <Badge colour="green" /> 正常。
          </p>
          <section class="card" aria-labelledby="overdue-title">
            <h2 id="overdue-title">红牌：已超期（{overdue.total}）</h2>
            <CaseTable
              id="overdue"
              items={overdue.items}
              total={overdue.total}
              empty="没有超期事项。"
              all="/petitions?overdue=true&sort=due_asc"
            />
          </section>
          <section class="card" aria-labelledby="nearly-title">
            <h2 id="nearly-title">黄牌：临近期限（{nearly.total}）</h2>
            <CaseTable
              id="nearly"
              items={nearly.items}
              total={nearly.total}
              empty="没有临近期限的事项。"
              all="/petitions?colour=yellow&sort=due_asc"
            />
          </section>
          <section class="card" aria-labelledby="queue-title">
            <h2 id="queue-title">督办队列（{queue.total}）</h2>
            <CaseTable
              id="queue"
              items={queue.items}
              total={queue.total}
              empty="督办队列为空。"
              all="/petitions?status=supervising"
            />
          </section>
          <section class="card" aria-labelledby="fu-title">
            <h2 id="fu-title">回访结果</h2>
            {followUps.length ? (
              <table id="follow-ups">
                <thead>
                  <tr>
                    <th scope="col">时间</th>
                    <th scope="col">编号</th>
                    <th scope="col">满意度</th>
                    <th scope="col">意见</th>
                    <th scope="col">回访人</th>
                  </tr>
                </thead>
                <tbody>
                  {followUps.map((f) => (
                    <tr>
                      <td>{localTime(f.created_at)}</td>
                      <td>
                        <a href={`/petitions/${f.petition_id}`}>{f.petition_id}</a>
                      </td>
                      <td>
                        {f.satisfaction === '不满意' ? (
                          <Badge colour="red" text="不满意（二次督办）" />
                        ) : (
                          f.satisfaction
                        )}
                      </td>
                      <td>{f.comment ?? '—'}</td>
                      <td>{actorName(f.actor)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <p class="muted">还没有回访记录。</p>
            )}
          </section>
        </Layout>
      ),
    );
  });
  return app;
}
