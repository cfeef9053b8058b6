import { createHash } from 'node:crypto';
import type { ChainHead, EventRow } from '../store/events-repo.ts';
import { canonicalJson } from './canonical-json.ts';
import type { CaseEventType } from './event-schema.ts';

export type { ChainHead, EventRow };

/** The hash that the first event links to. */
export const GENESIS_HASH = '0'.repeat(64);

/** An event a service appends: its type must be a member of the case file's schema (event-schema.ts). */
export interface NewEvent {
  petitionId: string | null;
  type: CaseEventType;
  actor: string;
  payload: Record<string, unknown>;
}

/** A stored event as read back (its type is whatever the row says: old or damaged rows are read too). */
export interface CaseEvent extends Omit<NewEvent, 'type'> {
  type: string;
  seq: number;
  createdAt: string;
  prevHash: string;
  hash: string;
}

/** The hash covers every field but itself, so no column can change unseen. */
export function hashOf(e: Omit<CaseEvent, 'hash'>): string {
  const body = canonicalJson({
    seq: e.seq,
    petitionId: e.petitionId,
    type: e.type,
    actor: e.actor,
    payload: e.payload,
    createdAt: e.createdAt,
    prevHash: e.prevHash,
  });
  return createHash('sha256').update(body).digest('hex');
}

/** A stored row as an event; throws if the row is not even well-formed (a corrupt or hand-edited file). */
export function fromRow(r: EventRow): CaseEvent {
  if (
    typeof r.seq !== 'number' ||
    typeof r.payload !== 'string' ||
    typeof r.hash !== 'string' ||
    typeof r.prev_hash !== 'string'
  ) {
    throw new Error(`第 ${String(r.seq)} 号事件的字段类型不对（数据损坏或被改动）`);
  }
  let payload: Record<string, unknown>;
  try {
    payload = JSON.parse(r.payload);
  } catch {
    throw new Error(`第 ${r.seq} 号事件的内容无法解析（数据损坏或被改动）`);
  }
  return {
    seq: r.seq,
    petitionId: r.petition_id,
    type: r.type,
    actor: r.actor,
    payload,
    createdAt: r.created_at,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

/** A stored row as an event for reading pages: a payload that does not parse reads as empty (verify reports it). */
export function fromRowLenient(r: EventRow): CaseEvent {
  try {
    return fromRow(r);
  } catch {
    return {
      seq: Number(r.seq),
      petitionId: r.petition_id,
      type: String(r.type),
      actor: String(r.actor),
      payload: {},
      createdAt: String(r.created_at),
      prevHash: String(r.prev_hash),
      hash: String(r.hash),
    };
  }
}

/**
 * The hash of a stored row, built from its stored payload text without parsing it. Payloads are stored as
 * canonical JSON (event-log.ts append), so this is the same string `hashOf` hashes; a row whose payload text is not
 * canonical falls back to the parse-and-canonicalise path in `linkProblem`, so the shortcut never calls an
 * intact row altered.
 */
function fastHashOf(r: EventRow): string {
  const body =
    `{"actor":${JSON.stringify(r.actor)},"createdAt":${JSON.stringify(r.created_at)},"payload":${r.payload},` +
    `"petitionId":${JSON.stringify(r.petition_id)},"prevHash":${JSON.stringify(r.prev_hash)},"seq":${r.seq},"type":${JSON.stringify(r.type)}}`;
  return createHash('sha256').update(body).digest('hex');
}

/**
 * What is wrong with one event given the one before it (seq and hash), or null. Reasons are for people
 * (Chinese); a row that cannot be parsed is reported the same way, never thrown.
 */
export function linkProblem(row: EventRow, prev: ChainHead): string | null {
  if (
    typeof row.seq !== 'number' ||
    typeof row.payload !== 'string' ||
    typeof row.hash !== 'string' ||
    typeof row.prev_hash !== 'string'
  ) {
    return `第 ${String(row.seq)} 号事件的字段类型不对（数据损坏或被改动）`;
  }
  if (row.seq !== prev.seq + 1)
    return row.seq > prev.seq + 1
      ? `第 ${prev.seq + 1} 号事件缺失（下一条是第 ${row.seq} 号）`
      : `第 ${row.seq} 号事件序号重复或倒退`;
  if (row.prev_hash !== prev.hash)
    return `第 ${row.seq} 号事件没有链接到第 ${prev.seq} 号事件的哈希（之前的记录被删除、插入或改写）`;
  if (fastHashOf(row) === row.hash) return null;
  let e: CaseEvent;
  try {
    e = fromRow(row);
  } catch (err) {
    return (err as Error).message;
  }
  if (hashOf(e) !== e.hash) return `第 ${e.seq} 号事件被改动：内容与其哈希不符`;
  return null;
}
