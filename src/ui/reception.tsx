import { Hono, type Context } from 'hono';
import { AppError } from '../errors.ts';
import type { PetitionView } from '../cases/case-view.ts';
import type { Deps } from '../http/app-deps.ts';
import type { AppEnv } from '../http/app-env.ts';
import { DraftsPanel, type DraftProblem } from './drafts-panel.tsx';
import { Badge, Layout, RISK_LABELS, localTime, mayOpen, userOf } from './layout.tsx';
import { ReceptionForm, parseReceptionForm, type FormValues } from './reception-form.tsx';
import { analyse, csrfOf, type ShownAnalysis } from './sources.ts';
import { chineseError } from './error-text.ts';
import { Timeline } from './timeline.tsx';
import { WorkflowPanel } from './workflow-panel.tsx';
import { FollowUpInputSchema, TransitionInputSchema } from '../cases/petition-schema.ts';
import { ClausesPanel, TriagePanel } from './triage-panel.tsx';

function RecentPetitions(props: { items: PetitionView[] }) {
  return (
    <section class="card" aria-labelledby="recent-title">
      <h2 id="recent-title">最近登记</h2>
      <p>
        <a href="/petitions">查询全部信访事项（按编号、电话、内容检索，筛选、导出台账）</a>
      </p>
      {props.items.length ? (
        <table>
          <thead>
            <tr>
              <th scope="col">编号</th>
              <th scope="col">标题</th>
              <th scope="col">收到时间</th>
              <th scope="col">环节</th>
              <th scope="col">风险</th>
            </tr>
          </thead>
          <tbody>
            {props.items.map((p) => (
              <tr>
                <td>
                  <a href={`/petitions/${p.id}`}>{p.id}</a>
                </td>
                <td>{p.title ?? [...p.text].slice(0, 20).join('') + '…'}</td>
                <td>{localTime(p.received_at)}</td>
                <td>{p.status_label}</td>
                <td>
                  <Badge colour={p.risk_level} text={p.risk_level ? RISK_LABELS[p.risk_level] : '未评估'} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p class="muted">还没有登记的信访事项。</p>
      )}
    </section>
  );
}

function PetitionHeader(props: { view: PetitionView }) {
  const v = props.view;
  const p = v.petitioner;
  return (
    <section class="card" aria-labelledby="summary-title">
      <h2 id="summary-title">{v.title ?? '（无标题）'}</h2>
      <dl class="grid">
        <div>
          <dt>编号</dt>
          <dd id="petition-id">{v.id}</dd>
          <dt>渠道 / 来源</dt>
          <dd>
            {v.channel}
            {v.source ? ` / ${v.source}` : ''}
          </dd>
          <dt>收到时间</dt>
          <dd>{localTime(v.received_at)}</dd>
        </div>
        <div>
          <dt>当前环节</dt>
          <dd>{v.status_label}</dd>
          <dt>督办三色牌</dt>
          <dd>
            <Badge colour={v.supervision.colour} />
            {v.supervision.days_left !== null ? ` 剩 ${v.supervision.days_left} 天` : ''}
          </dd>
          <dt>发生地点</dt>
          <dd>{v.location ?? '—'}</dd>
        </div>
        <div>
          <dt>信访人</dt>
          <dd>{p ? [p.name, p.phone, p.address].filter(Boolean).join('，') || '—' : '未登记'}</dd>
          {p?.masked ? <dd class="hint">已脱敏显示</dd> : null}
        </div>
      </dl>
    </section>
  );
}

/** What the reception pages use: registration and the workflow, the case file, analysis and drafts. */
export type ReceptionDeps = Pick<Deps, 'cases' | 'events' | 'analyzer' | 'reviews'>;

/** 接待: the registration form, the list of recent petitions and the page of one petition. */
export function receptionRoutes(deps: ReceptionDeps) {
  const app = new Hono<AppEnv>();

  app.get('/reception', (c) => {
    const recent = deps.cases.list({ limit: 10, offset: 0 }).items;
    return c.html(
      '<!doctype html>' +
      (
        <Layout user={userOf(c)} title="接待登记" active="reception">
          <ReceptionForm csrf={csrfOf(c)} />
          <RecentPetitions items={recent} />
        </Layout>
      ),
    );
  });

  app.post('/reception', async (c) => {
    const body = await c.req.parseBody();
    const values: FormValues = Object.fromEntries(
      Object.entries(body).filter(([, v]) => typeof v === 'string'),
    ) as FormValues;
    const parsed = parseReceptionForm(values);
    if (!parsed.ok) {
      return c.html(
        '<!doctype html>' +
        (
          <Layout
            user={userOf(c)}
            title="接待登记"
            active="reception"
            script="document.getElementById('form-errors')?.focus()"
          >
            <ReceptionForm values={values} issues={parsed.issues} csrf={csrfOf(c)} />
            <RecentPetitions items={deps.cases.list({ limit: 10, offset: 0 }).items} />
          </Layout>
        ),
        400,
      );
    }
    const view = deps.cases.register(parsed.input, c.var.actor);
    return c.redirect(`/petitions/${encodeURIComponent(view.id)}`, 303);
  });

  app.get('/petitions/:id', (c) => petitionPage(c, deps, c.req.param('id')));

  app.post('/petitions/:id/transition', async (c) => {
    const id = c.req.param('id');
    const body = await c.req.parseBody();
    const field = (k: string) =>
      typeof body[k] === 'string' && (body[k] as string).trim() ? (body[k] as string).trim() : undefined;
    const input = {
      to: field('to'),
      actor: c.var.actor,
      reason: field('reason'),
      decision: field('decision'),
      department: field('department'),
      receiver: field('receiver'),
    };
    const parsed = TransitionInputSchema.safeParse(input);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
      return petitionPage(
        c,
        deps,
        id,
        { panel: 'workflow', problem: { message: '无法办理：请补全信息。', issues } },
        422,
      );
    }
    try {
      deps.cases.transition(id, parsed.data);
    } catch (e) {
      if (!(e instanceof AppError) || e.status === 404) throw e;
      return petitionPage(c, deps, id, { panel: 'workflow', problem: { message: refusal(e), issues: e.issues } }, 422);
    }
    return c.redirect(`/petitions/${encodeURIComponent(id)}#workflow`, 303);
  });

  app.post('/petitions/:id/follow-up', async (c) => {
    const id = c.req.param('id');
    const body = await c.req.parseBody();
    const comment = typeof body.comment === 'string' && body.comment.trim() ? body.comment.trim() : undefined;
    const parsed = FollowUpInputSchema.safeParse({ satisfaction: body.satisfaction, comment, actor: c.var.actor });
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
      return petitionPage(c, deps, id, { panel: 'workflow', problem: { message: '无法记录回访。', issues } }, 422);
    }
    try {
      deps.cases.followUp(id, parsed.data);
    } catch (e) {
      if (!(e instanceof AppError) || e.status === 404) throw e;
      return petitionPage(c, deps, id, { panel: 'workflow', problem: { message: refusal(e), issues: e.issues } }, 422);
    }
    return c.redirect(`/petitions/${encodeURIComponent(id)}#workflow`, 303);
  });

  app.post('/petitions/:id/drafts/generate', async (c) => {
    const id = c.req.param('id');
    return withDraftProblem(c, deps, id, async () => {
      await deps.reviews.generate(id, { actor: c.var.actor });
    });
  });

  app.post('/petitions/:id/drafts/edit', async (c) => {
    const id = c.req.param('id');
    const body = await c.req.parseBody();
    const reply = typeof body.reply === 'string' ? body.reply : '';
    return withDraftProblem(c, deps, id, () => void deps.reviews.edit(id, { reply, actor: c.var.actor }), reply);
  });

  app.post('/petitions/:id/drafts/:version/approve', async (c) => {
    const id = c.req.param('id');
    return withDraftProblem(
      c,
      deps,
      id,
      () => void deps.reviews.approve(id, Number(c.req.param('version')), c.var.actor),
    );
  });

  return app;
}

/** Runs a draft action; on success back to the panel, on a domain refusal the page again with the reason. */
async function withDraftProblem(
  c: Context<AppEnv>,
  deps: ReceptionDeps,
  id: string,
  action: () => unknown,
  typed?: string,
) {
  try {
    await action();
  } catch (e) {
    if (!(e instanceof AppError) || e.status === 404) throw e;
    return petitionPage(
      c,
      deps,
      id,
      { panel: 'drafts', problem: { message: refusal(e), issues: e.issues }, typed },
      e.status === 503 ? 503 : 422,
    );
  }
  return c.redirect(`/petitions/${encodeURIComponent(id)}#drafts`, 303);
}

/** The page of one petition: summary, triage, clauses, drafts and the case file. */
interface PanelProblem {
  panel: 'drafts' | 'workflow';
  problem: DraftProblem;
  typed?: string;
}

async function petitionPage(
  c: Context<AppEnv>,
  deps: ReceptionDeps,
  id: string,
  failed?: PanelProblem,
  status: 200 | 422 | 503 = 200,
) {
  const view = deps.cases.view(id);
  // Registration stores the whole analysis: show what staff saw then; analyse afresh only for older records.
  const stored = view.triage as ShownAnalysis | null;
  const analysis = stored && Array.isArray(stored.clauses) ? stored : analyse(deps.analyzer, view.text, view.title);
  // One policy for API and pages (issue 17): a panel is shown only to the roles of the API route with its data.
  const may = (apiPath: string) => mayOpen(c.var.role, apiPath);
  return c.html(
    '<!doctype html>' +
    (
      <Layout
        user={userOf(c)}
        title={`信访事项 ${view.id}`}
        active="reception"
        script={
          failed
            ? `document.getElementById('${failed.panel === 'drafts' ? 'draft' : 'workflow'}-errors')?.focus()`
            : undefined
        }
      >
        <PetitionHeader view={view} />
        <TriagePanel view={view} analysis={analysis} />
        <ClausesPanel analysis={analysis} />
        {may(`/v1/petitions/${view.id}/assignments`) ? (
          <WorkflowPanel
            view={view}
            csrf={csrfOf(c)}
            problem={failed?.panel === 'workflow' ? failed.problem : undefined}
          />
        ) : null}
        {may(`/v1/petitions/${view.id}/drafts`) ? (
          <DraftsPanel
            view={view}
            drafts={deps.reviews.list(view.id)}
            csrf={csrfOf(c)}
            problem={failed?.panel === 'drafts' ? failed.problem : undefined}
            typed={failed?.typed}
          />
        ) : null}
        {may(`/v1/petitions/${view.id}/events`) ? (
          <Timeline
            view={view}
            events={deps.events.forPetition(view.id)}
            verify={deps.events.verifyIncremental(view.id)}
          />
        ) : null}
      </Layout>
    ),
    status,
  );
}

const REFUSALS: Record<number, string> = {
  400: '信息不完整',
  409: '当前环节不允许该操作',
  422: '未通过检查',
  503: '功能暂不可用',
};

/** A Chinese lead-in for a domain refusal; the domain's own message follows for the details. */
const refusal = (e: AppError) => `${REFUSALS[e.status] ?? '操作未完成'}：${chineseError(e)}`;
