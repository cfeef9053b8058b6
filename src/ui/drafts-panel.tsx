import type { PetitionView } from '../cases/case-view.ts';
import type { FieldIssue } from '../errors.ts';
import { actorName, localTime } from './layout.tsx';
import type { DraftRecord } from '../drafting/draft-store.ts';

export const KIND_LABELS: Record<string, string> = {
  acceptance: '受理告知书',
  non_acceptance: '不予受理告知书',
  forwarding: '转送告知书',
  opinion: '信访处理意见书',
  suggestion_reply: '意见建议答复',
  thanks: '感谢信',
};

const PROVIDER_LABELS: Record<string, string> = { offline: '模板生成', llm: '大模型生成', staff: '人工修改' };

export interface DraftProblem {
  message: string;
  issues: FieldIssue[];
}

function History(props: { drafts: DraftRecord[] }) {
  return (
    <table id="draft-history">
      <caption class="sr-only">版本记录</caption>
      <thead>
        <tr>
          <th scope="col">版本</th>
          <th scope="col">文书</th>
          <th scope="col">来源</th>
          <th scope="col">修改人</th>
          <th scope="col">时间</th>
          <th scope="col">审批</th>
        </tr>
      </thead>
      <tbody>
        {[...props.drafts].reverse().map((d) => (
          <tr>
            <td>
              <details>
                <summary>第 {d.version} 版</summary>
                <div class="diff">{d.reply}</div>
              </details>
            </td>
            <td>{KIND_LABELS[d.kind] ?? d.kind}</td>
            <td>{PROVIDER_LABELS[d.provider] ?? d.provider}</td>
            <td>{actorName(d.createdBy)}</td>
            <td>{localTime(d.createdAt)}</td>
            <td>{d.approvedAt ? `${actorName(d.approvedBy)} 于 ${localTime(d.approvedAt)} 批准` : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** 智能答复: generate a draft, edit it (each save a new version), approve one version. */
export function DraftsPanel(props: {
  view: PetitionView;
  drafts: DraftRecord[];
  csrf?: string;
  problem?: DraftProblem;
  typed?: string;
}) {
  const { view, drafts } = props;
  const base = `/petitions/${view.id}/drafts`;
  const csrf = props.csrf ? <input type="hidden" name="_csrf" value={props.csrf} /> : null;
  const latest = drafts[drafts.length - 1];
  const approved = drafts.find((d) => d.approvedAt);
  return (
    <section class="card" aria-labelledby="drafts-title" id="drafts">
      <h2 id="drafts-title">答复草稿</h2>
      {props.problem ? (
        <div class="errors" role="alert" id="draft-errors" tabindex={-1}>
          <p>{props.problem.message}</p>
          {props.problem.issues.length ? (
            <ul>
              {props.problem.issues.map((i) => (
                <li>{i.message}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      {!latest ? (
        <form method="post" action={`${base}/generate`}>
          {csrf}
          <p class="muted">尚无草稿。将根据处理途径与推荐法条生成答复草稿。</p>
          <button type="submit">生成答复草稿</button>
        </form>
      ) : (
        <>
          {approved ? (
            <p id="draft-approved" class="verify-ok">
              第 {approved.version} 版已由 {actorName(approved.approvedBy)} 批准，答复已发送。{' '}
              <a id="reply-print" href={`/petitions/${view.id}/reply/print`}>
                打印公文
              </a>{' '}
              <a id="reply-docx" href={`/petitions/${view.id}/reply.docx`}>
                下载 Word 文档
              </a>
            </p>
          ) : (
            <form method="post" action={`${base}/edit`} id="draft-editor">
              {csrf}
              <div class="field">
                <label for="draft-reply">
                  {KIND_LABELS[latest.kind] ?? latest.kind}（当前第 {latest.version} 版）
                </label>
                <span class="hint" id="draft-reply-hint">
                  修改后保存为新版本；只能引用推荐的法条。
                </span>
                <textarea id="draft-reply" name="reply" rows={18} aria-describedby="draft-reply-hint" required>
                  {props.typed ?? latest.reply}
                </textarea>
              </div>
              <button type="submit">保存为新版本</button>
            </form>
          )}
          {latest.citations.length ? (
            <p>引用：{latest.citations.map((c) => `《${c.law}》${c.article}`).join('、')}</p>
          ) : null}
          {approved ? null : (
            <form method="post" action={`${base}/${latest.version}/approve`} id="draft-approve">
              {csrf}
              <button type="submit" class="secondary">
                审批第 {latest.version} 版并发送答复
              </button>
            </form>
          )}
          <h3>版本记录</h3>
          <History drafts={drafts} />
        </>
      )}
    </section>
  );
}
