import type { PetitionView } from '../cases/case-view.ts';
import { DECISIONS, GUARDED_MOVES, SATISFACTION, STEPS, type Step } from '../cases/workflow.ts';
import type { FieldIssue } from '../errors.ts';
import { DECISION_LABELS } from './labels.ts';

/** 办理: the legal next steps of the six-step method, each a small form with the reason it needs. */
/** Each field problem of a refused request, as a list (nothing when there are none). */
export function IssueList(props: { issues: FieldIssue[] }) {
  if (!props.issues.length) return null;
  return (
    <ul>
      {props.issues.map((i) => (
        <li>
          {i.path}：{i.message}
        </li>
      ))}
    </ul>
  );
}

export function WorkflowPanel(props: {
  view: PetitionView;
  csrf?: string;
  problem?: { message: string; issues: FieldIssue[] };
}) {
  const v = props.view;
  const moves = v.next_steps.map((s) => s.to as Step).filter((to) => !GUARDED_MOVES[to]);
  const guarded = v.next_steps.map((s) => s.to as Step).filter((to) => GUARDED_MOVES[to]);
  return (
    <section class="card" aria-labelledby="workflow-title" id="workflow">
      <h2 id="workflow-title">办理流程</h2>
      <p>
        当前环节：<strong>{v.status_label}</strong>
      </p>
      {props.problem ? (
        <div class="errors" role="alert" id="workflow-errors" tabindex={-1}>
          <p>{props.problem.message}</p>
          <IssueList issues={props.problem.issues} />
        </div>
      ) : null}
      {moves.length ? (
        <form method="post" action={`/petitions/${v.id}/transition`}>
          {props.csrf ? <input type="hidden" name="_csrf" value={props.csrf} /> : null}
          <div class="row">
            <div class="field">
              <label for="wf-to">下一步</label>
              <select id="wf-to" name="to">
                {moves.map((to) => (
                  <option value={to}>{STEPS[to]}</option>
                ))}
              </select>
            </div>
            {moves.includes('screened') ? (
              <div class="field">
                <label for="wf-decision">甄别结论</label>
                <select id="wf-decision" name="decision">
                  {DECISIONS.map((d) => (
                    <option value={d}>{DECISION_LABELS[d]}</option>
                  ))}
                </select>
              </div>
            ) : null}
            {moves.includes('routed') ? (
              <div class="field">
                <label for="wf-department">承办单位</label>
                <input
                  id="wf-department"
                  name="department"
                  type="text"
                  value={(v.triage as { category?: { department?: string } } | null)?.category?.department ?? ''}
                />
              </div>
            ) : null}
            {moves.includes('forwarded') ? (
              <div class="field">
                <label for="wf-receiver">转送机关（选择「转送」时填写）</label>
                <input id="wf-receiver" name="receiver" type="text" maxlength={100} />
              </div>
            ) : null}
            <div class="field">
              <label for="wf-reason">办理理由</label>
              <input id="wf-reason" name="reason" type="text" required maxlength={2000} />
            </div>
          </div>
          <button type="submit">办理</button>
        </form>
      ) : (
        <p class="muted">没有可直接办理的下一步。</p>
      )}
      {guarded.includes('followed_up') ? (
        <form method="post" action={`/petitions/${v.id}/follow-up`} id="follow-up-form">
          {props.csrf ? <input type="hidden" name="_csrf" value={props.csrf} /> : null}
          <h3>回访</h3>
          <div class="row">
            <div class="field">
              <label for="fu-satisfaction">满意度</label>
              <select id="fu-satisfaction" name="satisfaction">
                {SATISFACTION.map((s) => (
                  <option value={s}>{s}</option>
                ))}
              </select>
            </div>
            <div class="field">
              <label for="fu-comment">回访意见</label>
              <input id="fu-comment" name="comment" type="text" maxlength={2000} />
            </div>
          </div>
          <p class="hint">选择「不满意」将转入二次督办。</p>
          <button type="submit">记录回访</button>
        </form>
      ) : null}
      {guarded.includes('assigned') ? (
        <AssignForm
          id={v.id}
          csrf={props.csrf}
          department={(v.triage as { category?: { department?: string } } | null)?.category?.department ?? ''}
        />
      ) : null}
      {v.status === 'assigned' ? <NoticeForm id={v.id} csrf={props.csrf} /> : null}
      {v.findings ? (
        <div id="findings">
          <h3>承办单位办理结果（{v.findings.department}）</h3>
          <p>{v.findings.findings}</p>
          <p>
            处理结果：<strong>{v.findings.outcome}</strong>
            {v.findings.accepted ? '（已审核通过）' : '（待审核）'}
          </p>
        </div>
      ) : null}
      {v.status === 'reported' && !v.findings?.accepted ? <AssessForm id={v.id} csrf={props.csrf} /> : null}
      {guarded.includes('replied') ? <p class="hint">答复：审批下方的答复草稿即发送答复。</p> : null}
    </section>
  );
}

const Csrf = (p: { csrf?: string }) => (p.csrf ? <input type="hidden" name="_csrf" value={p.csrf} /> : null);

/** 交办: a configured department (承办单位) and the days it has. */
function AssignForm(props: { id: string; csrf?: string; department: string }) {
  return (
    <form method="post" action={`/petitions/${props.id}/assign`} id="assign-form">
      <Csrf csrf={props.csrf} />
      <h3>交办承办单位</h3>
      <div class="row">
        <div class="field">
          <label for="as-department">承办单位</label>
          <input id="as-department" name="department" type="text" required maxlength={100} value={props.department} />
        </div>
        <div class="field">
          <label for="as-days">办理期限（天）</label>
          <input id="as-days" name="days" type="number" min={1} max={60} value="15" required />
        </div>
        <div class="field">
          <label for="as-instructions">交办要求</label>
          <input id="as-instructions" name="instructions" type="text" maxlength={2000} />
        </div>
      </div>
      <button type="submit">交办</button>
    </form>
  );
}

/** 督办通知: chases the department that holds the case. */
function NoticeForm(props: { id: string; csrf?: string }) {
  return (
    <form method="post" action={`/petitions/${props.id}/notice`} id="notice-form">
      <Csrf csrf={props.csrf} />
      <h3>督办通知</h3>
      <div class="field">
        <label for="nt-message">督办内容</label>
        <input id="nt-message" name="message" type="text" required maxlength={2000} />
      </div>
      <button type="submit">发送督办通知</button>
    </form>
  );
}

/** The office reviews the department's findings before the reply: accept, or return with a reason. */
function AssessForm(props: { id: string; csrf?: string }) {
  return (
    <form method="post" action={`/petitions/${props.id}/assessment`} id="assess-form">
      <Csrf csrf={props.csrf} />
      <h3>审核办理结果</h3>
      <div class="row">
        <div class="field">
          <label for="ax-accepted">审核结论</label>
          <select id="ax-accepted" name="accepted">
            <option value="true">通过</option>
            <option value="false">退回重办</option>
          </select>
        </div>
        <div class="field">
          <label for="ax-reason">审核意见</label>
          <input id="ax-reason" name="reason" type="text" required maxlength={2000} />
        </div>
      </div>
      <button type="submit">提交审核</button>
    </form>
  );
}
