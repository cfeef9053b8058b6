import { Hono, type Context } from 'hono';
import {
  AssessmentInputSchema,
  AssignmentInputSchema,
  FindingsInputSchema,
  NoticeInputSchema,
} from '../cases/assignment-schema.ts';
import { AppError } from '../errors.ts';
import type { Deps } from '../http/app-deps.ts';
import type { AppEnv } from '../http/app-env.ts';
import { Badge, Layout, actorName, page, userOf } from './layout.tsx';
import { IssueList } from './workflow-panel.tsx';

/**
 * A 督办 notice sent while the page is open appears at once: the page listens to the department's own stream
 * (GET /v1/department/stream, its session's key). Without the script the list is complete on the next load.
 */
const NOTICE_SCRIPT = `
(function () {
  var list = document.getElementById('notices');
  if (!list || !window.EventSource) return;
  var es = new EventSource('/v1/department/stream');
  es.addEventListener('notice', function (e) {
    var n = JSON.parse(e.data);
    var li = document.createElement('li');
    li.className = 'fresh';
    // A statutory-clock reminder is the service's own (actor 'system'): say so in Chinese.
    var by = n.reminder ? '系统时限提醒' : String(n.actor || '').replace(/\\s*\\[[^\\]]*\\]$/, '');
    li.textContent = n.petition_id + '：' + n.message + '（' + by + '）';
    list.prepend(li);
    var none = document.getElementById('no-notices');
    if (none) none.remove();
  });
})();
`;

type C = Context<AppEnv>;
type Issue = { path: string; message: string };

const text = (body: Record<string, unknown>, k: string) =>
  typeof body[k] === 'string' && (body[k] as string).trim() ? (body[k] as string).trim() : undefined;

/** A refused form: the problem in Chinese with each field named, and the way back. */
function refused(c: C, back: string, message: string, issues: Issue[]) {
  return c.html(
    page(
      <Layout title="无法办理" user={userOf(c)}>
        <section class="card errors" role="alert" id="form-errors">
          <h1>无法办理</h1>
          <p>{message}</p>
          <IssueList issues={issues} />
          <p>
            <a href={back}>返回</a>
          </p>
        </section>
      </Layout>,
    ),
    422,
  );
}

/** Runs a form's action; a 4xx of the domain becomes the refused page, anything else is thrown on. */
async function act(
  c: C,
  back: string,
  parsed:
    | { success: true; data: unknown }
    | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } },
  run: (data: never) => unknown,
) {
  if (!parsed.success)
    return refused(
      c,
      back,
      '请补全或更正以下信息。',
      parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    );
  try {
    run(parsed.data as never);
  } catch (e) {
    if (!(e instanceof AppError) || e.status === 404) throw e;
    return refused(c, back, e.message, e.issues);
  }
  return c.redirect(back, 303);
}

/** The forms of 交办 / 审核 / 督办通知 on the petition page, and the department's own page (承办单位). */
export function departmentRoutes(deps: Pick<Deps, 'assignments'>) {
  const app = new Hono<AppEnv>();
  const back = (id: string) => `/petitions/${encodeURIComponent(id)}#workflow`;

  app.post('/petitions/:id/assign', async (c) => {
    const id = c.req.param('id');
    const b = await c.req.parseBody();
    const days = Number(text(b, 'days'));
    const parsed = AssignmentInputSchema.safeParse({
      department: text(b, 'department'),
      days: Number.isFinite(days) ? days : undefined,
      instructions: text(b, 'instructions'),
      actor: c.var.actor,
    });
    return act(c, back(id), parsed, (d) => deps.assignments.assign(id, d));
  });

  app.post('/petitions/:id/assessment', async (c) => {
    const id = c.req.param('id');
    const b = await c.req.parseBody();
    const parsed = AssessmentInputSchema.safeParse({
      accepted: text(b, 'accepted') === 'true',
      reason: text(b, 'reason'),
      actor: c.var.actor,
    });
    return act(c, back(id), parsed, (d) => deps.assignments.assess(id, d));
  });

  app.post('/petitions/:id/notice', async (c) => {
    const id = c.req.param('id');
    const b = await c.req.parseBody();
    const parsed = NoticeInputSchema.safeParse({ message: text(b, 'message'), actor: c.var.actor });
    return act(c, back(id), parsed, (d) => deps.assignments.notice(id, d));
  });

  app.post('/department/petitions/:id/findings', async (c) => {
    const id = c.req.param('id');
    const svc = deps.assignments;
    const scope = svc.scopeOf(c.var.role, c.var.keyId);
    const b = await c.req.parseBody();
    const attachment = text(b, 'attachment');
    const parsed = FindingsInputSchema.safeParse({
      findings: text(b, 'findings'),
      outcome: text(b, 'outcome'),
      attachments: attachment ? [{ name: attachment }] : [],
      actor: c.var.actor,
    });
    return act(c, '/department', parsed, (d) => svc.report(id, d, scope));
  });

  app.get('/department', (c) => {
    const svc = deps.assignments;
    const { departmentId } =
      c.var.role === 'department' ? svc.scopeOf(c.var.role, c.var.keyId) : { departmentId: undefined };
    const user = userOf(c);
    if (!departmentId) {
      return c.html(
        page(
          <Layout title="承办单位" user={user}>
            <section class="card">
              <h1>承办单位</h1>
              <p class="muted">此页面供承办单位密钥登录后查看本单位的交办件。</p>
            </section>
          </Layout>,
        ),
        200,
      );
    }
    const dep = svc.department(departmentId)!;
    const items = svc.inbox(departmentId);
    const notices = svc.notices(departmentId);
    return c.html(
      page(
        <Layout title={`${dep.name} · 交办件`} user={user} script={NOTICE_SCRIPT}>
          <section class="card" aria-labelledby="dep-title">
            <h1 id="dep-title">{dep.name}：交办件</h1>
            {items.length ? null : <p class="muted">暂无待办的交办件。</p>}
            <ul id="assignments">
              {items.map((a) => (
                <li id={`assignment-${a.petition_id}`}>
                  <h2>
                    {a.petition_id} {a.supervision.colour ? <Badge colour={a.supervision.colour} /> : null} 办理期限：
                    {a.due_on}
                  </h2>
                  <p>{a.petition.title ?? ''}</p>
                  <p>{a.petition.text}</p>
                  {a.instructions ? <p>交办要求：{a.instructions}</p> : null}
                  {a.status === 'open' ? (
                    <form
                      method="post"
                      action={`/department/petitions/${a.petition_id}/findings`}
                      class="findings-form"
                    >
                      {user?.csrf ? <input type="hidden" name="_csrf" value={user.csrf} /> : null}
                      <div class="field">
                        <label for={`f-${a.petition_id}`}>经查情况</label>
                        <textarea
                          id={`f-${a.petition_id}`}
                          name="findings"
                          required
                          maxlength={10000}
                          rows={4}
                        ></textarea>
                      </div>
                      <div class="field">
                        <label for={`o-${a.petition_id}`}>处理结果（第三十二条）</label>
                        <select id={`o-${a.petition_id}`} name="outcome">
                          <option value="支持">支持</option>
                          <option value="解释说明">解释说明</option>
                          <option value="不予支持">不予支持</option>
                        </select>
                      </div>
                      <div class="field">
                        <label for={`a-${a.petition_id}`}>附件名称（可选）</label>
                        <input id={`a-${a.petition_id}`} name="attachment" type="text" maxlength={200} />
                      </div>
                      <button type="submit">报送办理结果</button>
                    </form>
                  ) : (
                    <p>已报送，等待信访部门审核。</p>
                  )}
                </li>
              ))}
            </ul>
          </section>
          <section class="card" aria-labelledby="notices-title">
            <h2 id="notices-title">督办通知</h2>
            {notices.length ? null : (
              <p class="muted" id="no-notices">
                暂无督办通知。
              </p>
            )}
            <ul id="notices" aria-live="polite">
              {notices.map((n) => (
                <li>
                  {n.petition_id}：{String((n as Record<string, unknown>).message)}（{actorName(n.actor)}）
                </li>
              ))}
            </ul>
          </section>
        </Layout>,
      ),
      200,
    );
  });
  return app;
}
