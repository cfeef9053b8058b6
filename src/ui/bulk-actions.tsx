import { Hono } from 'hono';
import { BULK_ACTIONS, BulkInputSchema, bulkMove, MAX_SELECTED, type BulkAction } from '../cases/bulk-moves.ts';
import type { FieldIssue } from '../errors.ts';
import type { Deps } from '../http/app-deps.ts';
import type { AppEnv } from '../http/app-env.ts';
import { chineseError } from './error-text.ts';
import { Layout, userOf } from './layout.tsx';

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
            <label for="bulk-department">
              承办单位 <span class="hint">（分流、交办时必填）</span>
            </label>
            <input id="bulk-department" name="department" type="text" list="bulk-departments" maxlength={100} />
            <datalist id="bulk-departments">
              {props.departments.map((d) => (
                <option value={d} />
              ))}
            </datalist>
          </div>
          <div class="field">
            <label for="bulk-days">
              办理期限（日） <span class="hint">（交办时用，默认 15）</span>
            </label>
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
export function bulkRoutes(deps: Pick<Deps, 'db' | 'cases' | 'assignments'>) {
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
    const parsed = BulkInputSchema.safeParse({
      ids,
      action: one('action'),
      department: one('department') || undefined,
      days: one('days') ? Number(one('days')) : undefined,
      reason: one('reason'),
      actor: c.var.actor,
    });
    if (!issues.length && !parsed.success)
      issues.push(...parsed.error.issues.map((i) => ({ path: '', message: `${i.message}。` })));
    if (!issues.length && parsed.success) {
      const refused = bulkMove(deps, parsed.data, c.var.role);
      if (!refused.length) return c.redirect(`/petitions?${back}${back ? '&' : ''}bulk_done=${ids.length}`, 303);
      issues.push(...refused.map((r) => ({ path: r.id, message: chineseError(r) })));
    }
    return c.html(
      '<!doctype html>' +
      (
        <Layout
          user={userOf(c)}
          title="批量办理"
          active="search"
          script="document.getElementById('bulk-errors')?.focus()"
        >
          <Refused issues={issues} back={back} />
        </Layout>
      ),
      422,
    );
  });
  return app;
}
