import { Hono } from 'hono';
import type { PetitionView } from '../cases/case-view.ts';
import type { CaseService } from '../cases/case-service.ts';
import type { ListQuery } from '../cases/petition-schema.ts';
import type { Db } from '../store/db.ts';
import type { AppEnv } from '../http/app-env.ts';
import { Badge, Layout, RISK_LABELS, actorName, localTime, userOf } from './layout.tsx';

// Enough for a county office's open cases; the page says so when it is cut.
const MAX_ROWS = 1000;
const PAGE = 200;

/** Every case matching the filter, page by page, up to MAX_ROWS. */
function listAll(cases: CaseService, q: Omit<ListQuery, 'limit' | 'offset'>): { items: PetitionView[]; total: number } {
  const items: PetitionView[] = [];
  let total = 0;
  for (let offset = 0; offset < MAX_ROWS; offset += PAGE) {
    const page = cases.list({ ...q, limit: PAGE, offset });
    total = page.total;
    items.push(...page.items);
    if (items.length >= page.total) break;
  }
  return { items, total };
}

function CaseTable(props: { items: PetitionView[]; total: number; empty: string; id: string }) {
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
            const open = p.deadlines.filter((d) => !d.met_at && d.binds === 'office').sort((a, b) => a.due_at.localeCompare(b.due_at))[0];
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
                  {open ? `${open.label} ${open.due_at}（${(open.days_left ?? 0) < 0 ? `超期 ${-(open.days_left ?? 0)} 天` : `剩 ${open.days_left} 天`}）` : '—'}
                  {p.extended ? '，已延期' : ''}
                </td>
                <td>{p.risk_level ? <Badge colour={p.risk_level} text={RISK_LABELS[p.risk_level]} /> : '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {props.total > props.items.length ? <p class="muted">仅显示前 {props.items.length} 件，共 {props.total} 件。</p> : null}
    </>
  );
}

interface FollowUpRow {
  petition_id: string;
  title: string | null;
  satisfaction: string;
  comment: string | null;
  actor: string;
  created_at: string;
  status: string;
}

function recentFollowUps(db: Db): FollowUpRow[] {
  return db
    .prepare(
      `SELECT f.petition_id, p.title, f.satisfaction, f.comment, f.actor, f.created_at, p.status
       FROM follow_ups f JOIN petitions p ON p.id = f.petition_id ORDER BY f.created_at DESC, f.id DESC LIMIT 50`,
    )
    .all() as FollowUpRow[];
}

/** 督办: overdue and nearly-due cases by 三色牌, the supervision queue and follow-up results. */
export function supervisionRoutes() {
  const app = new Hono<AppEnv>();
  app.get('/supervision', (c) => {
    const { cases, db } = c.var.deps;
    const overdue = listAll(cases, { overdue: 'true' });
    const open = listAll(cases, { overdue: 'false' });
    const nearly = open.items.filter((p) => p.supervision.colour === 'yellow' && !['closed'].includes(p.status));
    const queue = listAll(cases, { status: 'supervising' });
    const followUps = recentFollowUps(db);
    return c.html(
      '<!doctype html>' +
        (
          <Layout user={userOf(c)} title="督办" active="supervision">
            <p>
              <Badge colour="red" /> 已超过法定期限；<Badge colour="yellow" /> 剩 3 天以内或已延期；<Badge colour="green" /> 正常。
            </p>
            <section class="card" aria-labelledby="overdue-title">
              <h2 id="overdue-title">红牌：已超期（{overdue.total}）</h2>
              <CaseTable id="overdue" items={overdue.items} total={overdue.total} empty="没有超期事项。" />
            </section>
            <section class="card" aria-labelledby="nearly-title">
              <h2 id="nearly-title">黄牌：临近期限（{nearly.length}）</h2>
              <CaseTable id="nearly" items={nearly} total={nearly.length} empty="没有临近期限的事项。" />
            </section>
            <section class="card" aria-labelledby="queue-title">
              <h2 id="queue-title">督办队列（{queue.total}）</h2>
              <CaseTable id="queue" items={queue.items} total={queue.total} empty="督办队列为空。" />
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
                        <td>{f.satisfaction === '不满意' ? <Badge colour="red" text="不满意（二次督办）" /> : f.satisfaction}</td>
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
