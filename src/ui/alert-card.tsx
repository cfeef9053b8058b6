import type { Alert, Cluster } from '../alerts/types.ts';
import { SIGNAL_LABELS, label } from './labels.ts';
import { localTime } from './layout.tsx';

/** The pilot's response time for a red alert (acknowledge within 3 minutes, or it escalates). */
export const RESPONSE_MS = 3 * 60_000;

export const REASONS: Record<string, string> = {
  red_petition: '高风险信访',
  mass_petitioners: '多人反映同一事项',
  group_action: '拟组织集体行动',
};

const MATTER_KINDS: Record<string, string> = {
  employer: '同一单位',
  estate: '同一小区',
  village: '同一村（社区）',
  school: '同一学校',
};

/** How a cluster member was matched, in words: 'estate:阳光花园' → 同一小区「阳光花园」, 'text' → 内容相似. */
export function matchedBy(by: string): string {
  if (by === 'text') return '内容相似';
  if (by === 'group_action') return '拟组织集体行动';
  const [kind, ...name] = by.split(':');
  return MATTER_KINDS[kind] ? `${MATTER_KINDS[kind]}「${name.join(':')}」` : by;
}

export interface Contact {
  name: string | null;
  phone: string | null;
  /** Why the contact is hidden, when it is. */
  hidden?: string;
  /** Masked now; this role may reveal it (the read is recorded). */
  canReveal?: boolean;
  revealed?: boolean;
}

/** One alert on the dispatch board; also sent over the stream as HTML so live cards look the same. */
export function AlertCard(props: { alert: Alert; contact: Contact | null; now: Date; csrf?: string; fresh?: boolean }) {
  const a = props.alert;
  const ev = a.evidence ?? {};
  const remaining = new Date(a.created_at).getTime() + RESPONSE_MS - props.now.getTime();
  const cls = [
    'alert',
    props.fresh ? 'new' : '',
    a.acked_at ? 'acked' : '',
    a.escalation_level > 0 && !a.acked_at ? 'escalated' : '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <article class={cls} id={`alert-${a.id}`} data-alert-id={a.id} aria-labelledby={`alert-${a.id}-title`}>
      <h3 id={`alert-${a.id}-title`}>
        {a.acked_at ? '已签收' : '红色预警'} · {REASONS[a.reason] ?? a.reason}
        {ev.title ? `：${ev.title}` : ''}
      </h3>
      <p>
        预警 {a.id} · {localTime(a.created_at)} · 信访事项 <a href={`/petitions/${a.petition_id}`}>{a.petition_id}</a>
        {ev.category ? ` · ${ev.category}` : ''}
      </p>
      {a.acked_at ? (
        <p>
          由 {a.acked_by} 于 {localTime(a.acked_at)} 签收{a.ack_note ? `：${a.ack_note}` : ''}
        </p>
      ) : (
        <p>
          签收倒计时：
          <span class="countdown" data-remaining-ms={String(remaining)} role="timer" aria-live="off">
            {remaining > 0
              ? `${Math.floor(remaining / 60_000)}:${String(Math.floor((remaining % 60_000) / 1000)).padStart(2, '0')}`
              : '已超时'}
          </span>
          {a.escalation_level > 0 ? <strong> · 已升级 {a.escalation_level} 级</strong> : null}
        </p>
      )}
      {ev.signals?.length ? (
        <ul class="evidence-list" aria-label="证据">
          {ev.signals.map((s) => (
            <li>
              {label(SIGNAL_LABELS, s.code)}
              {s.evidence ? (
                <>
                  ：<mark class="evidence">{s.evidence}</mark>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {ev.matter ? (
        <p>
          共同事项：{ev.matter.name}（{ev.distinct_petitioners ?? ev.members?.length ?? 0} 名信访人）
        </p>
      ) : null}
      {props.contact ? (
        <div class="contact">
          联系方式：
          {props.contact.hidden ?? ([props.contact.name, props.contact.phone].filter(Boolean).join('，') || '未登记')}
          {props.contact.canReveal ? (
            <form method="post" action={`/dispatch/alerts/${a.id}/contact`} class="reveal-form" style="display:inline">
              {props.csrf ? <input type="hidden" name="_csrf" value={props.csrf} /> : null}{' '}
              <button type="submit" class="secondary">
                显示完整联系方式
              </button>
            </form>
          ) : null}
          {props.contact.revealed ? <span class="hint">（查看已记入案卷）</span> : null}
        </div>
      ) : null}
      {a.acked_at ? null : (
        <form method="post" action={`/dispatch/alerts/${a.id}/ack`} class="ack-form">
          {props.csrf ? <input type="hidden" name="_csrf" value={props.csrf} /> : null}
          <label for={`note-${a.id}`}>处置说明（可选）</label>{' '}
          <input id={`note-${a.id}`} name="note" type="text" maxlength={500} />{' '}
          <button type="submit">签收预警 {a.id}</button>
        </form>
      )}
    </article>
  );
}

/** A cluster with its members (petitions on one matter). */
export function ClusterCard(props: { cluster: Cluster }) {
  const c = props.cluster;
  return (
    <article class="card" id={`cluster-${c.id}`}>
      <h3>
        {c.matter}（{c.distinct_petitioners} 名信访人，{c.members.length} 件）
      </h3>
      <p class="muted">
        {localTime(c.first_received_at)} — {localTime(c.last_received_at)}
        {c.alert_id ? ` · 已触发预警 ${c.alert_id}` : ''}
      </p>
      <ul>
        {c.members.map((m) => (
          <li>
            <a href={`/petitions/${m.petition_id}`}>{m.petition_id}</a> {localTime(m.received_at)} · 匹配：
            {matchedBy(m.matched_by)}
            {m.similarity !== null ? `（相似度 ${m.similarity.toFixed(2)}）` : ''}
            {m.group_action ? ' · 拟集体行动' : ''}
          </li>
        ))}
      </ul>
    </article>
  );
}
