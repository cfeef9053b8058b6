import { Hono } from 'hono';
import { AppError, type FieldIssue } from '../errors.ts';
import type { AppEnv } from '../http/app-env.ts';
import { tx } from '../store/db.ts';
import { chineseError } from './error-text.ts';
import { Layout, userOf } from './layout.tsx';

/** What a clerk can do to a selection of cases at once: each is one legal move of the workflow. */
export const BULK_ACTIONS = {
  route: { label: '分流：交承办单位', to: 'routed', needsDepartment: true },
  assign: { label: '交办承办单位（带办理期限）', to: 'assigned', needsDepartment: true },
  supervise: { label: '列入督办', to: 'supervising', needsDepartment: false },
} as const;

/** The deadline a bulk 交办 gives when the clerk leaves it empty; 1–60 days as for one case. */
const DEFAULT_ASSIGN_DAYS = 15;
export type BulkAction = keyof typeof BULK_ACTIONS;

const MAX_SELECTED = 200;

/** The bulk bar under the result list; the checkboxes in the rows belong to this form (form="bulk-form"). */
export function BulkForm(props: { csrf?: string; back: string; departments: string[] }) {
  return (
    <form method="post" action="/petitions/bulk" id="bulk-form" class="bulk">
      {props.csrf ? <input type="hidden" name="_csrf" value={props.csrf} /> : null}
      <input type="hidden" name="back" value={props.back} />
      <fieldset>
        <legend>批量办理所选事项</legend>
        <div class="row">
          <div class="field">
            <label for="bulk-action">操作</label>
            <select id="bulk-action" name="action">
              {Object.entries(BULK_ACTIONS).map(([k, a]) => (
                <option value={k}>{a.label}</option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="bulk-department">承办单位 <span class="hint">（分流、交办时必填）</span></label>
            <input id="bulk-department" name="department" type="text" list="bulk-departments" maxlength={100} />
            <datalist id="bulk-departments">
              {props.departments.map((d) => (
                <option value={d} />
              ))}
            </datalist>
          </div>
          <div class="field">
            <label for="bulk-days">办理期限（日） <span class="hint">（交办时用，默认 15）</span></label>
            <input id="bulk-days" name="days" type="number" min={1} max={60} inputmode="numeric" />
          </div>
          <div class="field">
            <label for="bulk-reason">办理理由</label>
            <input id="bulk-reason" name="reason" type="text" maxlength={2000} />
          </div>
        </div>
        <button type="submit">批量办理</button>
      </fieldset>
    </form>
  );
}

function Refused(props: { issues: FieldIssue[]; back: string }) {
  return (
    <div class="errors" role="alert" id="bulk-errors" tabindex={-1}>
      <p>批量办理未执行，所选事项均未改动：</p>
      <ul>
        {props.issues.map((i) => (
          <li>
            {i.path ? <a href={`/petitions/${i.path}`}>{i.path}</a> : null}
            {i.path ? '：' : ''}
            {i.message}
          </li>
        ))}
      </ul>
      <p>
        <a href={`/petitions?${props.back}`}>返回检索结果</a>
      </p>
    </div>
  );
}

/** POST /petitions/bulk: all selected moves in one transaction — every case moves, or none and the page says why. */
export function bulkRoutes() {
  const app = new Hono<AppEnv>();
  app.post('/petitions/bulk', async (c) => {
    const body = await c.req.parseBody({ all: true });
    const one = (k: string) => (typeof body[k] === 'string' ? (body[k] as string).trim() : '');
    const ids = [body.ids ?? []].flat().filter((v): v is string => typeof v === 'string');
    const back = one('back').replace(/[^\w%=&.+-]/g, '');
    const action = BULK_ACTIONS[one('action') as BulkAction];
    const issues: FieldIssue[] = [];
    if (!ids.length) issues.push({ path: '', message: '请先勾选要办理的信访事项。' });
    if (ids.length > MAX_SELECTED) issues.push({ path: '', message: `一次最多办理 ${MAX_SELECTED} 件。` });
    if (!action) issues.push({ path: '', message: '请选择批量操作。' });
    if (!one('reason')) issues.push({ path: '', message: '请填写办理理由（记入每件事项的档案）。' });
    if (action?.needsDepartment && !one('department')) issues.push({ path: '', message: '分流、交办须填写承办单位。' });
    const days = one('days') ? Number(one('days')) : DEFAULT_ASSIGN_DAYS;
    if (!Number.isInteger(days) || days < 1 || days > 60) issues.push({ path: '', message: '办理期限须为 1–60 之间的整数（日）。' });
    if (!issues.length) {
      const refused = moveAll(c.var.deps, ids, { to: action.to, actor: c.var.actor, reason: one('reason'), department: one('department') || undefined, days });
      if (!refused.length) return c.redirect(`/petitions?${back}${back ? '&' : ''}bulk_done=${ids.length}`, 303);
      issues.push(...refused);
    }
    return c.html(
      '<!doctype html>' +
        (
          <Layout user={userOf(c)} title="批量办理" active="search" script="document.getElementById('bulk-errors')?.focus()">
            <Refused issues={issues} back={back} />
          </Layout>
        ),
      422,
    );
  });
  return app;
}

/** Moves every case in one transaction; on any refusal nothing is written and every refusal is listed. */
function moveAll(deps: AppEnv['Variables']['deps'], ids: string[], input: { to: string; actor: string; reason: string; department?: string; days: number }): FieldIssue[] {
  const refused: FieldIssue[] = [];
  try {
    tx(deps.db, () => {
      for (const id of ids) {
        try {
          // 交办 makes an assignment with its own deadline (cases/assignment-service.ts); the rest are transitions.
          if (input.to === 'assigned') deps.assignments.assign(id, { department: input.department!, days: input.days, instructions: input.reason, actor: input.actor });
          else deps.cases.transition(id, input);
        } catch (e) {
          if (!(e instanceof AppError)) throw e;
          refused.push({ path: id, message: chineseError(e) });
        }
      }
      // Roll the whole batch back when any case refused: a batch is done whole or not at all.
      if (refused.length) throw new AppError(409, 'bulk_refused', '批量操作未完成：有事项不能办理，已全部撤回');
    });
  } catch (e) {
    if (!(e instanceof AppError && e.code === 'bulk_refused')) throw e;
  }
  return refused;
}

