import type { Db } from '../store/db.ts';
import { missingEventGuards } from '../store/event-guards.ts';
import { anchorFileProblems } from '../store/anchor-registry.ts';
import type { Anchor } from '../store/anchor-file.ts';
import { createCaseFileRead } from '../store/case-file-read.ts';
import type { Anchoring } from './anchors.ts';
import { GENESIS_HASH, fromRow, linkProblem, type ChainHead, type EventRow } from './chain.ts';
import {
  CONTENT_EVENT_TYPES,
  checkPetition,
  foldEvent,
  type ExpectedPetition,
  type PlaintextOf,
} from './content-check.ts';

export interface VerifyProblem {
  brokenAt: number | null;
  petitionId: string | null;
  reason: string;
}

interface VerifyCommon {
  /** The newest sequence number in the database (the number of events when nothing is missing). */
  events: number;
  /** full: the whole chain, every anchor, every petition; incremental: from the last anchor or checkpoint on. */
  mode: 'full' | 'incremental';
  /** The highest anchored head checked against the database, if anchoring is on. */
  anchor: Anchor | null;
}

export type VerifyResult =
  | (VerifyCommon & { ok: true; head: string })
  | (VerifyCommon & {
      ok: false;
      brokenAt: number | null;
      petitionId: string | null;
      reason: string;
      problems: VerifyProblem[];
    });

const MAX_PROBLEMS = 50;

export interface VerifierDeps {
  db: Db;
  anchoring?: Anchoring | null;
  plaintextOf?: PlaintextOf;
}

/** Checks the case file: its hash chain, its anchors outside the database, its guards and the petitions it vouches for. */
export function createVerifier(deps: VerifierDeps) {
  const { db } = deps;
  const q = createCaseFileRead(db);
  /** Verified up to here in this process (memory only, so nobody with the file can move it forward). */
  let checkpoint: ChainHead = { seq: 0, hash: GENESIS_HASH };

  const headOf = (): ChainHead => q.head() ?? { seq: 0, hash: GENESIS_HASH };

  /** The triggers that keep the table append-only, and any anchor file found missing at a start-up. */
  function guardProblems(): VerifyProblem[] {
    const triggers = missingEventGuards(db).map(
      (name) => `保护案卷的触发器 ${name} 缺失或被改动：案卷可被直接改写或删除`,
    );
    return [...triggers, ...anchorFileProblems(db)].map((reason) => ({ brokenAt: null, petitionId: null, reason }));
  }

  /** An anchored head the database must still hold unchanged. */
  function anchorProblem(a: Anchor, dbHead: ChainHead): VerifyProblem | null {
    if (a.seq === 0) return null;
    if (a.seq > dbHead.seq) {
      return {
        brokenAt: dbHead.seq + 1,
        petitionId: null,
        reason: `案卷被截断：锚点记录了第 ${a.seq} 号事件（${a.at}），数据库现只到第 ${dbHead.seq} 号，之后的记录丢失或被删除`,
      };
    }
    const row = q.at(a.seq);
    if (!row)
      return { brokenAt: a.seq, petitionId: null, reason: `第 ${a.seq} 号事件已被锚定（${a.at}），但数据库中已没有它` };
    if (row.hash !== a.hash) {
      return {
        brokenAt: a.seq,
        petitionId: row.petition_id,
        reason: `第 ${a.seq} 号事件的哈希与锚点记录不符：它或它之前的记录被改写后重新计算了哈希`,
      };
    }
    return null;
  }

  function result(
    mode: VerifyCommon['mode'],
    head: ChainHead,
    anchor: Anchor | null,
    problems: VerifyProblem[],
  ): VerifyResult {
    if (!problems.length) return { ok: true, events: head.seq, head: head.hash, mode, anchor };
    const first = problems[0];
    return {
      ok: false,
      events: head.seq,
      mode,
      anchor,
      brokenAt: first.brokenAt,
      petitionId: first.petitionId,
      reason: first.reason,
      problems: problems.slice(0, MAX_PROBLEMS),
    };
  }

  /** Whatever goes wrong reading the file (a corrupt page, a malformed row) is an answer, never a 500. */
  function guarded(
    mode: VerifyCommon['mode'],
    run: (problems: VerifyProblem[]) => { head: ChainHead; anchor: Anchor | null },
  ): VerifyResult {
    const problems: VerifyProblem[] = [];
    let head: ChainHead = { seq: 0, hash: GENESIS_HASH };
    let anchor: Anchor | null = null;
    try {
      ({ head, anchor } = run(problems));
    } catch (e) {
      problems.push({
        brokenAt: null,
        petitionId: null,
        reason: `案卷数据无法完整读取（数据库文件损坏或被改动）：${(e as Error).message}`,
      });
      try {
        head = headOf();
      } catch {
        // the head itself is unreadable
      }
    }
    return result(mode, head, anchor, problems);
  }

  /**
   * Recomputes the whole chain, compares every anchor in the anchor file with the database, and checks every
   * petition against its events. `expect`: a head kept elsewhere (the witness's record) that must still be there.
   */
  function full(opts: { expect?: ChainHead } = {}): VerifyResult {
    return guarded('full', (problems) => {
      const fileRead = deps.anchoring?.read() ?? { anchors: [], problems: [] };
      problems.push(...fileRead.problems.map((reason) => ({ brokenAt: null, petitionId: null, reason })));
      const anchors = [...fileRead.anchors];
      anchors.push(...(deps.anchoring?.checkpoints() ?? []));
      if (opts.expect) anchors.push({ ...opts.expect, at: '外部见证' });
      anchors.sort((a, b) => a.seq - b.seq);

      const expected = new Map<string, ExpectedPetition>();
      let prev: ChainHead = { seq: 0, hash: GENESIS_HASH };
      let chainBroken = false;
      // Anchors are compared as the scan passes their sequence number: one pass, no lookup per anchor.
      let ai = 0;
      const anchorAt = (row: EventRow) => {
        for (; ai < anchors.length && anchors[ai].seq <= row.seq; ai++) {
          const a = anchors[ai];
          if (a.seq === 0 || (a.seq === row.seq && a.hash === row.hash)) continue;
          const missing = a.seq < row.seq;
          problems.push({
            brokenAt: a.seq,
            petitionId: missing ? null : row.petition_id,
            reason: missing
              ? `第 ${a.seq} 号事件已被锚定（${a.at}），但数据库中已没有它`
              : `第 ${a.seq} 号事件的哈希与锚点记录不符：它或它之前的记录被改写后重新计算了哈希`,
          });
        }
      };
      for (const row of q.each()) {
        if (!chainBroken) {
          const problem = linkProblem(row, prev);
          if (problem) {
            problems.push({
              brokenAt: typeof row.seq === 'number' ? row.seq : prev.seq + 1,
              petitionId: row.petition_id ?? null,
              reason: problem,
            });
            chainBroken = true;
          }
        }
        if (typeof row.seq === 'number') anchorAt(row);
        if (row.petition_id && CONTENT_EVENT_TYPES.has(row.type)) {
          try {
            foldEvent(expected, fromRow(row));
          } catch {
            // already reported as a broken link
          }
        }
        prev = { seq: row.seq, hash: row.hash };
      }
      const head = headOf();
      // Of the heads beyond the database's end, the highest says how much is gone; the others add nothing.
      const beyond = anchors.filter((a) => a.seq > head.seq).at(-1);
      if (beyond) problems.push(anchorProblem(beyond, head)!);
      for (const row of q.eachPetition()) {
        problems.push(...checkPetition(row, row.id, expected.get(row.id), deps.plaintextOf));
        expected.delete(row.id);
      }
      for (const [id, exp] of expected) problems.push(...checkPetition(undefined, id, exp));
      problems.push(...guardProblems());
      if (!problems.length) checkpoint = head;
      return { head, anchor: anchors.at(-1) ?? null };
    });
  }

  /**
   * The page-view check: the highest anchor still matches the database (finds truncation and re-hashing), the
   * chain is recomputed only after the last anchor or the last point this process verified, and the one
   * petition's own events and content are checked in full. Cost: the new tail plus one petition.
   */
  function incremental(petitionId?: string): VerifyResult {
    return guarded('incremental', (problems) => {
      const head = headOf();
      const anchors = deps.anchoring?.checkpoints() ?? [];
      let anchor: Anchor | null = null;
      let from = checkpoint;
      let fromAnchor = false;
      for (const a of anchors) {
        const p = anchorProblem(a, head);
        if (p) problems.push(p);
        else if (a.seq > from.seq) {
          from = { seq: a.seq, hash: a.hash };
          fromAnchor = true;
        }
        if (!anchor || a.seq >= anchor.seq) anchor = a;
      }
      // The checkpoint itself must still be in place (a truncation below it, or a re-hash through it).
      if (!fromAnchor && from.seq > 0) {
        const row = q.at(from.seq);
        if (!row || row.hash !== from.hash) {
          problems.push({
            brokenAt: from.seq,
            petitionId: row?.petition_id ?? null,
            reason: `第 ${from.seq} 号事件与上次校验时不同：它或它之前的记录被删除或改写`,
          });
        }
      }
      if (!problems.length) {
        let prev = from;
        for (const row of q.eachAfter(from.seq)) {
          const problem = linkProblem(row, prev);
          if (problem) {
            problems.push({
              brokenAt: typeof row.seq === 'number' ? row.seq : prev.seq + 1,
              petitionId: row.petition_id ?? null,
              reason: problem,
            });
            break;
          }
          prev = { seq: row.seq, hash: row.hash };
        }
        if (!problems.length) checkpoint = prev;
      }
      if (petitionId) problems.push(...petitionProblems(petitionId));
      problems.push(...guardProblems());
      return { head, anchor };
    });
  }

  /** One petition: each of its events re-hashed and linked to the event before it, and its row against them. */
  function petitionProblems(id: string): VerifyProblem[] {
    const out: VerifyProblem[] = [];
    const expected = new Map<string, ExpectedPetition>();
    for (const row of q.eachOfPetition(id)) {
      const before = row.seq > 1 ? q.at(row.seq - 1) : undefined;
      const prev: ChainHead =
        row.seq > 1 ? { seq: row.seq - 1, hash: before?.hash ?? '' } : { seq: 0, hash: GENESIS_HASH };
      const problem = row.seq > 1 && !before ? `第 ${row.seq - 1} 号事件缺失` : linkProblem(row, prev);
      if (problem) {
        out.push({ brokenAt: row.seq, petitionId: id, reason: problem });
        return out;
      }
      foldEvent(expected, fromRow(row));
    }
    const stored = q.petition(id);
    out.push(...checkPetition(stored, id, expected.get(id), deps.plaintextOf));
    return out;
  }

  return { full, incremental };
}

export type Verifier = ReturnType<typeof createVerifier>;
