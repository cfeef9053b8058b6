import { createHash } from 'node:crypto';
import type { StoredPetition } from '../store/case-file-read.ts';
import type { CaseEvent } from './chain.ts';

export type { StoredPetition };

/**
 * The petition's text and title as the petitioner wrote them, from the stored (sealed) row.
 * The registered event's `text_sha256` was taken of that text before sealing (cases/case-service.ts), so the
 * check must unseal and hash the original: hashing the stored form would not match any event already written,
 * and the stored form legitimately changes when old rows are sealed or the PII key is rotated (new ciphertext,
 * same text) — the original text does not. An edited ciphertext fails AES-GCM authentication and is reported.
 */
export type PlaintextOf = (row: StoredPetition) => { text: string; title: string | null };

/** What the case file says a petition must look like, folded from its events in order. */
export interface ExpectedPetition {
  registeredAt: number;
  textSha256: string | null;
  title: string | null;
  channel: string | null;
  receivedAt: string | null;
  status: string;
  risk: string | null;
  category: string | null;
  outcome: string | null;
  extended: boolean;
}

const str = (v: unknown) => (typeof v === 'string' ? v : null);
const obj = (v: unknown) => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {});

/** The event types that set what a petition row must hold; other events need not be parsed to check content. */
export const CONTENT_EVENT_TYPES: ReadonlySet<string> = new Set([
  'registered',
  'triaged',
  'risk_raised',
  'transition',
  'extended',
]);

/** Applies one event to the expected state of its petition (the map is keyed by petition id). */
export function foldEvent(state: Map<string, ExpectedPetition>, e: CaseEvent): void {
  if (!e.petitionId) return;
  const p = e.payload;
  if (e.type === 'registered') {
    state.set(e.petitionId, {
      registeredAt: e.seq,
      textSha256: str(p.text_sha256),
      title: str(p.title),
      channel: str(p.channel),
      receivedAt: str(p.received_at),
      status: 'registered',
      risk: null,
      category: null,
      outcome: null,
      extended: false,
    });
    return;
  }
  const s = state.get(e.petitionId);
  if (!s) return;
  if (e.type === 'triaged') {
    s.risk = str(obj(p.risk).level);
    s.category = str(obj(p.category).label);
  } else if (e.type === 'risk_raised') s.risk = str(p.to);
  else if (e.type === 'transition') {
    s.status = str(p.to) ?? s.status;
    if (str(p.outcome)) s.outcome = str(p.outcome);
  } else if (e.type === 'extended') s.extended = true;
}

export interface ContentProblem {
  petitionId: string;
  brokenAt: number | null;
  reason: string;
}

/**
 * Compares a stored petition with what its events say: its text (SHA-256 of the original), title, channel, date
 * received, and the fields that may only change through an event (status, risk level, category, outcome, extension).
 */
export function checkPetition(
  row: StoredPetition | undefined,
  id: string,
  exp: ExpectedPetition | undefined,
  plaintextOf?: PlaintextOf,
): ContentProblem[] {
  if (!row && !exp) return [];
  if (!row)
    return [
      {
        petitionId: id,
        brokenAt: exp!.registeredAt,
        reason: `信访事项 ${id} 有登记记录（第 ${exp!.registeredAt} 号事件），但数据库中已没有这件信访事项（被删除）`,
      },
    ];
  if (!exp)
    return [
      {
        petitionId: id,
        brokenAt: null,
        reason: `信访事项 ${id} 在数据库中存在，但案卷里没有它的登记记录（绕过登记直接写入）`,
      },
    ];
  const out: ContentProblem[] = [];
  const at = exp.registeredAt;
  const bad = (what: string, stored: unknown, recorded: unknown) =>
    out.push({
      petitionId: id,
      brokenAt: at,
      reason: `信访事项 ${id} 的${what}是“${String(stored ?? '空')}”，但案卷记录的是“${String(recorded ?? '空')}”（未经记录的改动）`,
    });

  let original: { text: string; title: string | null } | null = null;
  if (plaintextOf) {
    try {
      original = plaintextOf(row);
    } catch {
      out.push({
        petitionId: id,
        brokenAt: at,
        reason: `信访事项 ${id} 中加密保存的号码无法解开（被改动、移动，或密钥不对）`,
      });
    }
  }
  if (exp.textSha256 && original) {
    const sha = createHash('sha256').update(original.text).digest('hex');
    if (sha !== exp.textSha256)
      out.push({
        petitionId: id,
        brokenAt: at,
        reason: `信访事项 ${id} 的正文与第 ${at} 号登记事件记录的哈希不符（正文在数据库中被改动）`,
      });
  }
  // The event holds the title as stored at registration (sealed); rows stored before sealing recorded it in clear.
  if (row.title !== exp.title && original?.title !== exp.title) bad('标题', row.title, exp.title);
  if (exp.channel !== null && row.channel !== exp.channel) bad('来信渠道', row.channel, exp.channel);
  if (exp.receivedAt !== null && row.received_at !== exp.receivedAt) bad('收到日期', row.received_at, exp.receivedAt);
  if (row.status !== exp.status) bad('办理状态', row.status, exp.status);
  if (row.risk_level !== exp.risk) bad('风险等级', row.risk_level, exp.risk);
  if (exp.category !== null && row.category !== exp.category) bad('分类', row.category, exp.category);
  if (row.outcome !== exp.outcome) bad('办理结果', row.outcome, exp.outcome);
  if (Boolean(row.extended) !== exp.extended)
    bad('延期标记', row.extended ? '已延期' : '未延期', exp.extended ? '已延期' : '未延期');
  return out;
}
