import type { Logger } from '../log.ts';
import type { SupervisionNotice } from './types.ts';

/** Most notices read in one catch-up query; a longer gap is read in several. */
export const NOTICE_CATCH_UP_BATCH = 500;
/**
 * Most notice numbers remembered: an instance whose notices nobody else sends never moves its mark by
 * notification, and only the newest numbers can still come back (by a catch-up racing a local push).
 */
export const NOTICES_REMEMBERED = 10_000;

export interface NoticeRelayDeps {
  log: Logger;
  /** The committed notices, read back from the case file (cases/notice-read.ts). */
  notices: {
    get(id: string): SupervisionNotice | undefined;
    after(from: number, to: number, limit: number): SupervisionNotice[];
    head(): number;
  };
  /** The local hub (never the webhook: the instance that recorded the notice posted it). */
  publish(notice: SupervisionNotice): void;
  readable(): boolean;
}

const seqOf = (id: string) => Number(id.slice(1));

/**
 * Brings the 督办 notices and clock reminders recorded by the other instances to this instance's streams, each
 * once. A notice is a case-file event numbered in commit order (the chain lock), and PostgreSQL delivers
 * notifications in commit order, so the relay keeps one number: every notice up to it has reached the streams (or
 * was recorded before this instance listened). The catch-up after the listener reconnected reads what lies above.
 */
export function createNoticeRelay(deps: NoticeRelayDeps) {
  let upTo: number | null = null;
  // Notices above upTo already on the streams: recorded here, or read by a catch-up and then also notified
  // (committed while LISTEN was being re-established).
  const seen = new Set<number>();

  function remember(seq: number) {
    seen.add(seq);
    // A Set iterates in insertion order, which is about number order here: the first is the oldest.
    if (seen.size > NOTICES_REMEMBERED) seen.delete(seen.values().next().value!);
  }

  function deliver(notice: SupervisionNotice) {
    const seq = seqOf(notice.id);
    if (seen.has(seq)) return;
    remember(seq);
    deps.publish(notice);
  }

  /** A notification: every notice numbered below it has been heard of, so the catch-up never reads them again. */
  function relay(id: string, petitionId: string) {
    if (!deps.readable()) return;
    let notice: SupervisionNotice | undefined;
    try {
      notice = deps.notices.get(id);
    } catch (err) {
      deps.log.error('reading a relayed notice failed', { notice_id: id, error: String(err) });
      return;
    }
    // Another schema's notice on the same server: the same number is a different event here, or none.
    if (notice?.petition_id !== petitionId) return;
    deliver(notice);
    const seq = seqOf(id);
    if (upTo !== null && seq > upTo) upTo = seq;
    for (const s of seen) if (s < seq) seen.delete(s);
  }

  function onListening(first: boolean) {
    if (!deps.readable()) return;
    try {
      const head = deps.notices.head();
      const from = upTo;
      if (first || from === null) {
        upTo = head; // recorded before this instance listened: not news
        return;
      }
      for (const s of seen) if (s <= from) seen.delete(s);
      for (let at = from; ; ) {
        const batch = deps.notices.after(at, head, NOTICE_CATCH_UP_BATCH);
        for (const n of batch) deliver(n);
        if (batch.length < NOTICE_CATCH_UP_BATCH) break;
        at = seqOf(batch.at(-1)!.id);
      }
      if (head > from) upTo = head;
    } catch (err) {
      deps.log.error('notice catch-up after reconnect failed', { error: String(err) });
    }
  }

  return {
    relay,
    onListening,
    /**
     * A notice this instance recorded, about to go on its own streams: false when a catch-up put it there already
     * (it ran between the commit and this push), so the caller does not publish it twice.
     */
    local(notice: SupervisionNotice): boolean {
      const seq = seqOf(notice.id);
      if (seen.has(seq)) return false;
      if (upTo === null || seq > upTo) remember(seq);
      return true;
    },
  };
}

export type NoticeRelay = ReturnType<typeof createNoticeRelay>;
