import type { CaseEvent, VerifyResult } from '../audit/event-log.ts';
import type { PetitionView } from '../cases/case-view.ts';
import { STEPS } from '../cases/workflow.ts';
import { REASONS } from './alert-card.tsx';
import { KIND_LABELS } from './drafts-panel.tsx';
import { DECISION_LABELS, EMOTION_LABELS, EVENT_LABELS, PII_FIELD_LABELS, label } from './labels.ts';

import { ROLE_LABELS } from '../cases/role-labels.ts';
import { Badge, RISK_LABELS, actorName, localTime } from './layout.tsx';

const str = (v: unknown) => (v === null || v === undefined ? '' : String(v));

/** One line saying what an event did, from its payload. */
export function describeEvent(e: CaseEvent): string {
  // biome-ignore lint/suspicious/noExplicitAny: each event type has its own payload fields, read by the case below.
  const p = e.payload as Record<string, any>;
  switch (e.type) {
    case 'registered':
      return `经${str(p.channel)}渠道登记${p.title ? `「${p.title}」` : ''}`;
    case 'triaged':
      return `分析：风险${RISK_LABELS[p.risk?.level] ?? '—'}，情绪${label(EMOTION_LABELS, p.emotion?.label)}，类别${str(p.category?.label)}`;
    case 'transition': {
      const to = STEPS[p.to as keyof typeof STEPS] ?? p.to;
      const from = STEPS[p.from as keyof typeof STEPS] ?? p.from;
      const decision = p.decision ? `（${label(DECISION_LABELS, p.decision)}）` : '';
      const dept = p.department ? `，交${p.department}` : '';
      const reason = p.kind ? `发送${KIND_LABELS[p.kind] ?? p.kind}` : str(p.reason);
      return `${from} → ${to}${decision}${dept}：${reason}`;
    }
    case 'extended':
      return `延期 ${str(p.days)} 天（${str(p.from)} → ${str(p.to)}）：${str(p.reason)}`;
    case 'follow_up':
      return `回访结果：${str(p.satisfaction)}${p.comment ? `，${p.comment}` : ''}`;
    case 'draft_version':
      return `第 ${str(p.version)} 版（${p.provider === 'staff' ? '人工修改' : p.provider === 'llm' ? '大模型生成' : '模板生成'}）`;
    case 'draft_approved':
      return `批准第 ${str(p.version)} 版并发送答复`;
    case 'alert_raised':
      return `预警 ${str(p.alert_id)}（${REASONS[p.reason] ?? str(p.reason)}）`;
    case 'alert_acked':
      return `预警 ${str(p.alert_id)} 已签收，用时 ${Math.round(Number(p.response_ms ?? 0) / 1000)} 秒${p.note ? `：${p.note}` : ''}`;
    case 'alert_escalated':
      return `预警 ${str(p.alert_id)} 未签收，升级至第 ${str(p.escalation_level)} 级`;
    case 'pii_read':
      return `查阅${(Array.isArray(p.fields) ? p.fields : []).map((f: string) => label(PII_FIELD_LABELS, f)).join('、')}（${label(ROLE_LABELS, p.role)}）`;
    case 'risk_raised':
      return `风险由${RISK_LABELS[p.from] ?? '未评估'}升为${RISK_LABELS[p.to] ?? str(p.to)}${p.reason === 'cluster_alert' ? '（群体事件预警）' : ''}`;
    case 'assigned':
      return `交${str(p.department)}办理，期限 ${str(p.days)} 天${p.due_on ? `（${str(p.due_on)} 前）` : ''}`;
    case 'findings_reported':
      return `承办单位报送：${str(p.findings)}${p.outcome ? `（${str(p.outcome)}）` : ''}`;
    case 'findings_assessed':
      return `${p.accepted ? '审核通过' : '审核不通过，退回重办'}${p.reason ? `：${str(p.reason)}` : ''}`;
    case 'assignment_extension_requested':
      return `申请延期 ${str(p.days)} 天：${str(p.reason)}`;
    case 'assignment_extension_decided':
      return `${p.granted ? `同意延期（${str(p.from)} → ${str(p.to)}）` : '不同意延期'}${p.reason ? `：${str(p.reason)}` : ''}`;
    case 'clock_reminder':
      return str(p.message);
    default:
      // A record type this page does not know yet: its name, never its raw payload (field names are English).
      return '';
  }
}

/** 一事一档: the statutory deadlines, every event in order, and whether the hash chain verifies. */
export function Timeline(props: { view: PetitionView; events: CaseEvent[]; verify: VerifyResult }) {
  const v = props.verify;
  return (
    <section class="card" aria-labelledby="timeline-title" id="timeline">
      <h2 id="timeline-title">案卷时间线</h2>
      <p id="chain-status">
        {v.ok ? (
          <span class="verify-ok">✔ 哈希链校验通过</span>
        ) : (
          <span class="verify-bad">✘ 哈希链校验失败：{v.reason}</span>
        )}
        <span class="muted">（全库共 {v.events} 条记录）</span>
      </p>
      <h3>法定期限</h3>
      <table>
        <caption class="sr-only">法定期限</caption>
        <thead>
          <tr>
            <th scope="col">事项</th>
            <th scope="col">依据</th>
            <th scope="col">起算</th>
            <th scope="col">截止</th>
            <th scope="col">状态</th>
          </tr>
        </thead>
        <tbody>
          {props.view.deadlines.map((d) => (
            <tr>
              <td>{d.label}</td>
              <td>{d.article}</td>
              <td>{localTime(d.starts_at)}</td>
              <td>{d.due_at}</td>
              <td>
                {d.met_at ? (
                  `已完成（${localTime(d.met_at)}）`
                ) : d.overdue ? (
                  <Badge colour="red" text={`已超期 ${-(d.days_left ?? 0)} 天`} />
                ) : d.binds === 'petitioner' ? (
                  `信访人可申请，剩 ${d.days_left} 天`
                ) : (
                  `剩 ${d.days_left} 天`
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>办理步骤</h3>
      <ol class="timeline">
        {props.events.map((e) => (
          <li>
            <strong>{EVENT_LABELS[e.type] ?? '其他记录'}</strong>{' '}
            <span class="muted">
              {localTime(e.createdAt)} · {actorName(e.actor)}
            </span>
            <br />
            {describeEvent(e)}
            <br />
            <code class="muted" title={`哈希值 ${e.hash}`}>
              #{e.seq} {e.hash.slice(0, 12)}…
            </code>
          </li>
        ))}
      </ol>
    </section>
  );
}
