import { ROLE_LABELS } from './role-labels.ts';
import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../clock.ts';
import { AppError, conflict, invalid, notFound } from '../errors.ts';
import type { EventLog } from '../audit/event-log.ts';
import { tx, type Db } from '../store/db.ts';
import type { PiiCipher } from '../store/pii-cipher.ts';
import { createPetitionsRepo, type PiiField } from '../store/petitions-repo.ts';
import type { Precomputed } from '../triage/triage.ts';
import { RED_WEIGHT } from '../triage/risk-rules.ts';
import type { RiskContext, TriageResult } from '../triage/types.ts';
import { CLOCK_RULES, type ClockKind, addDays, dueDate, localDate, localMidnight } from './clocks.ts';
import { petitionerView, petitionView, type CaseFindings, type PetitionView } from './case-view.ts';
import { sealPetitionText, unsealPetitionText } from './sealed-text.ts';
import { createNoteSealer } from './sealed-notes.ts';
import type { ExtensionInput, FollowUpInput, ListQuery, PetitionInput, TransitionInput } from './petition-schema.ts';
import { createFollowUpsRepo } from '../store/follow-ups-repo.ts';
import { createWorkflowRepo } from '../store/workflow-repo.ts';
import { GUARDED_MOVES, STEPS, type Outcome, type Step, canMove, moveRule } from './workflow.ts';
import { checkMoveGuards, isFinal, screeningDecision } from './move-guards.ts';

export interface CaseServiceDeps {
  db: Db;
  clock: Clock;
  events: EventLog;
  /** Keyed hash of an ID number or phone, so repeat petitions are found without reading identities. */
  identityKey: (value: string) => string;
  /** Encrypts the petitioner's identity fields at rest. */
  cipher: PiiCipher;
  /** Runs triage on registration; absent in tests that only exercise the workflow. */
  triage?: (text: string, title: string | undefined, ctx: RiskContext, pre?: Precomputed) => TriageResult;
  /** Earlier petitions whose text nearly equals this one (alerts/repeats.ts): repeats without an identity. */
  nearDuplicates?: (p: { id: string; text: string; receivedAt: string }) => string[];
  /** Called inside the registration transaction with the triage result (alerts, clusters). */
  /**
   * Runs inside the registration transaction after triage (the alert service). It returns the petitions that an
   * alert it raised makes red (a group action or a mass incident), so every such petition has one level everywhere.
   */
  onTriaged?: (
    petition: { id: string; text: string; title: string | null; receivedAt: string },
    result: TriageResult,
  ) => string[] | undefined;
  /** Draws a case number for a petition received then; tests pass their own to force a collision. */
  newId?: (receivedAt: string) => string;
}

/** The earliest received_at accepted: older dates are typing errors (year 0000 gave a due date of +010000-01). */
export const EARLIEST_RECEIVED_AT = '1990-01-01T00:00:00+08:00';
/** How far ahead of the server's clock a received_at may be: a client clock a little fast, not a date to come. */
export const RECEIVED_AT_LEEWAY_MS = 24 * 3600 * 1000;

/** received_at as stored (UTC ISO), or 400 naming the field when it lies outside [1990-01-01, now + 1 day]. */
export function checkReceivedAt(value: string, now: Date): string {
  const at = new Date(value).getTime();
  const latest = now.getTime() + RECEIVED_AT_LEEWAY_MS;
  if (!Number.isFinite(at) || at < new Date(EARLIEST_RECEIVED_AT).getTime() || at > latest) {
    const message = `收到时间须在 1990-01-01 与当前时间之后一天（${new Date(latest).toISOString()}）之间，收到的是 ${value}`;
    throw invalid(`请求内容有误：received_at：${message}`, [{ path: 'received_at', message }]);
  }
  return new Date(at).toISOString();
}

/** A refused move as a person reads it: the two steps by their Chinese names (the codes follow for programs). */
const illegalMove = (from: Step, to: Step) => `不能从“${STEPS[from]}”（${from}）转到“${STEPS[to]}”（${to}）`;

/** Petitions seen again within this many days count as repeats (Arts. 19 and 36). */
export const REPEAT_WINDOW_DAYS = 90;
/** Earlier petitions counted per way of matching; the repeat signal's weight stops growing long before. */
export const REPEAT_COUNT_CAP = 50;

const newId = (receivedAt: string) =>
  `XF${localDate(receivedAt).replaceAll('-', '')}-${randomBytes(4).toString('hex').toUpperCase()}`;
/**
 * A case number is the day and 32 random bits: short enough to read out on the phone. At a city platform's
 * 5,000 petitions a day two numbers of one day meet about once a year (n²/2³³ a day; the 1M-petition scale fill
 * hit one after 55,000), and the second registration failed on the primary key. A number already taken is
 * drawn again; five draws in a row taken means the generator is broken, not unlucky.
 */
const ID_DRAWS = 5;

/** Registration, the six-step workflow and its statutory clocks, each change written with its case-file event. */
export function createCaseService(deps: CaseServiceDeps) {
  const { db, clock, events } = deps;
  const repo = createPetitionsRepo(db, deps.cipher);
  const draw = deps.newId ?? newId;

  function freshId(receivedAt: string): string {
    for (let i = 0; i < ID_DRAWS; i++) {
      const id = draw(receivedAt);
      if (!repo.idTaken(id)) return id;
    }
    throw new Error(`连续 ${ID_DRAWS} 次生成的信访件编号都已被占用：编号生成器有误`);
  }
  const wf = createWorkflowRepo(db);
  const followUps = createFollowUpsRepo(db);
  // Reasons, comments and notes are stored with personal data replaced by the petition's placeholders.
  const notes = createNoteSealer(db, deps.cipher);
  const nowIso = () => clock.now().toISOString();

  function mustGet(id: string) {
    const row = repo.get(id);
    if (!row) throw notFound('petition', id);
    return row;
  }

  function startClock(id: string, kind: ClockKind, startsAt: string) {
    repo.upsertDeadline({
      petition_id: id,
      kind,
      starts_at: startsAt,
      due_at: dueDate(kind, startsAt),
      article: CLOCK_RULES[kind].article,
    });
  }

  function openClock(id: string, kind: ClockKind) {
    return repo.deadlines(id).find((d) => d.kind === kind && !d.met_at);
  }

  /** Records a move; a move that opens a new handling round (二次督办, 复查, 复核) says which round it opens. */
  function move(id: string, from: Step, to: Step, actor: string, reason: string, extra: Record<string, unknown> = {}) {
    const rule = moveRule(from, to);
    if (!rule) throw conflict('illegal_transition', illegalMove(from, to));
    repo.setStatus(id, to, nowIso());
    let round = wf.round(id);
    if (rule.newRound) {
      wf.nextRound(id);
      round += 1;
      if (to === 'supervising') startClock(id, 'rehandle', nowIso());
    }
    events.append({
      petitionId: id,
      type: 'transition',
      actor,
      payload: { from, to, step: STEPS[to], reason: notes.seal(id, reason), round, ...extra },
    });
  }

  /** What a guard needs to know about the case beyond its status. */
  function facts(id: string) {
    return { deadlines: repo.deadlines(id), decision: screeningDecision(events.forPetition(id)), now: nowIso() };
  }

  function view(id: string, opts: { unmasked?: boolean } = {}): PetitionView {
    const row = mustGet(id);
    const unmasked = opts.unmasked ?? false;
    return petitionView(row, repo.deadlines(id), petitionerView(repo.getPetitioner(id), unmasked), clock.now(), {
      findings: findingsFor(id),
      parties: partiesOf(id, unmasked),
    });
  }

  /** The findings the reply may state: the office-accepted report of this round, else the latest reported one. */
  function findingsFor(id: string): CaseFindings | null {
    const round = wf.round(id);
    const rows = wf.forPetition(id).filter((a) => a.findings && a.outcome && a.round === round);
    const a = rows.filter((r) => r.status === 'accepted').at(-1) ?? rows.at(-1);
    if (!a?.findings || !a.outcome) return null;
    return {
      findings: a.findings,
      outcome: a.outcome,
      department: wf.department(a.department_id)?.name ?? a.department_id,
      accepted: a.status === 'accepted',
    };
  }

  const identityOf = (p: { id_number?: string; phone?: string }) => {
    const source = p.id_number?.toUpperCase() ?? p.phone?.replace(/\D/g, '');
    return source ? deps.identityKey(source) : null;
  };

  /**
   * Stores co-petitioners and representatives (Art. 20) encrypted like the first petitioner, and returns how many
   * distinct people signed: the same ID number or phone, or else the same name, is one person.
   */
  function recordParties(id: string, input: PetitionInput, petitionerIdentity: string | null): number {
    const seen = new Set<string>();
    const first = input.petitioner;
    if (first && Object.values(first).some(Boolean))
      seen.add(petitionerIdentity ?? `name:${first.name ?? ''}:${seen.size}`);
    const all = [
      ...(input.co_petitioners ?? []).map((p) => ({ p, kind: 'co_petitioner' as const })),
      ...(input.representatives ?? []).map((p) => ({ p, kind: 'representative' as const })),
    ];
    all.forEach(({ p, kind }, seq) => {
      if (!Object.values(p).some(Boolean)) return;
      const identity = identityOf(p);
      seen.add(identity ?? (p.name ? `name:${p.name}` : `anon:${seq}`));
      const enc = (v: string | null | undefined, f: string) => deps.cipher.encrypt(v ?? null, `${id}:party${seq}:${f}`);
      wf.insertParty({
        petition_id: id,
        seq,
        kind,
        identity_key: identity,
        name: enc(p.name, 'name'),
        id_number: enc(p.id_number?.toUpperCase(), 'id_number'),
        phone: enc(p.phone, 'phone'),
        address: enc(p.address, 'address'),
      });
    });
    return seen.size;
  }

  /** The co-petitioners and representatives, masked unless `unmasked`. */
  function partiesOf(id: string, unmasked: boolean | readonly string[]) {
    const rows = wf.parties(id).map((r) => {
      const dec = (f: 'name' | 'id_number' | 'phone' | 'address') =>
        deps.cipher.decrypt(r[f], `${id}:party${r.seq}:${f}`);
      const person = petitionerView(
        {
          petition_id: id,
          name: dec('name'),
          id_number: dec('id_number'),
          phone: dec('phone'),
          address: dec('address'),
          identity_key: r.identity_key,
        },
        unmasked,
      )!;
      return { kind: r.kind, ...person };
    });
    return {
      co_petitioners: rows.filter((r) => r.kind === 'co_petitioner'),
      representatives: rows.filter((r) => r.kind === 'representative'),
    };
  }

  /** Internals the assignment service (交办/承办) shares: it moves cases with the same records. */
  const internal = { move, mustGet, wf, nowIso, facts, findingsFor, notes };

  /**
   * Shows the named identity fields unmasked ('text': the numbers sealed in the text and title) and records
   * the read (who, which fields) in the case file.
   */
  function reveal(id: string, fields: readonly (PiiField | 'text')[], actor: string, role: string): PetitionView {
    return tx(db, () => {
      let row = mustGet(id);
      const petitioner = repo.getPetitioner(id);
      const shown = fields.filter((f) => (f === 'text' ? row.sealed : petitioner?.[f]));
      if (shown.length) events.append({ petitionId: id, type: 'pii_read', actor, payload: { fields: shown, role } });
      if (shown.includes('text')) row = { ...row, ...unsealPetitionText(deps.cipher, id, row) };
      return petitionView(row, repo.deadlines(id), petitionerView(petitioner, shown), clock.now(), {
        findings: findingsFor(id),
        parties: partiesOf(id, shown),
      });
    });
  }

  /** Arts. 19 and 36: the same petitioner again, or the same text again, within the window. */
  function repeatContext(id: string, text: string, identity: string | null, receivedAt: string): RiskContext {
    const since = addDays(localDate(receivedAt), -REPEAT_WINDOW_DAYS);
    const sameIdentity = identity
      ? repo.byIdentity(identity, id, localMidnight(since), REPEAT_COUNT_CAP).map((p) => p.id)
      : [];
    const sameText = deps.nearDuplicates?.({ id, text, receivedAt }) ?? [];
    // Co-petitioners and representatives count too: any of them seen in another petition makes this a repeat.
    const keys = [identity, ...wf.parties(id).map((p) => p.identity_key)].filter((k): k is string => Boolean(k));
    if (keys.length) sameIdentity.push(...wf.byPeople(keys, id, localMidnight(since), REPEAT_COUNT_CAP));
    const repeats = new Set([...sameIdentity, ...sameText]);
    return repeats.size ? { repeatCount: repeats.size } : {};
  }

  return {
    view,
    reveal,
    internal,

    /** 登记: stores the petition and its petitioner apart, starts the 15-day clock, runs triage. */
    /** `pre`: emotion and category already computed by an async model backend (analyzer.prepare). */
    /** `claim`: runs first in the transaction with the new id; it throws to give the registration up (registration-keys.ts). */
    register(input: PetitionInput, actor: string, pre?: Precomputed, claim?: (id: string) => void): PetitionView {
      const receivedAt = input.received_at ? checkReceivedAt(input.received_at, clock.now()) : nowIso();
      const id = freshId(receivedAt);
      // Personal numbers in the text never reach triage, the index or the disk in clear.
      const names = [input.petitioner, ...(input.co_petitioners ?? []), ...(input.representatives ?? [])].flatMap(
        (p) => (p?.name ? [p.name] : []),
      );
      const sealed = sealPetitionText(deps.cipher, id, input.text, input.title ?? null, names);
      tx(db, () => {
        claim?.(id);
        repo.insert({
          id,
          title: sealed.title,
          text: sealed.text,
          sealed: sealed.sealed,
          channel: input.channel,
          source: input.source ?? null,
          received_at: receivedAt,
          // Written below, sealed: never on a page in clear, not even one the WAL keeps for a while.
          location: null,
          attachments: '[]',
          created_at: nowIso(),
        });
        const p = input.petitioner;
        const identitySource = p?.id_number?.toUpperCase() ?? p?.phone?.replace(/\D/g, '');
        const identity = identitySource ? deps.identityKey(identitySource) : null;
        if (p && Object.values(p).some(Boolean)) {
          repo.insertPetitioner({
            petition_id: id,
            name: p.name ?? null,
            id_number: p.id_number?.toUpperCase() ?? null,
            phone: p.phone ?? null,
            address: p.address ?? null,
            identity_key: identity,
          });
        }
        const people = recordParties(id, input, identity);
        // The place and the attachments' file names are free text too (家住…, 王某身份证.jpg): sealed once the
        // people they may name are on record.
        if (input.location || input.attachments.length) {
          const attachments = input.attachments.map((a) => ({ ...a, name: notes.seal(id, a.name) }));
          repo.setPlace(id, notes.seal(id, input.location) ?? null, JSON.stringify(attachments));
        }
        startClock(id, 'accept', receivedAt);
        events.append({
          petitionId: id,
          type: 'registered',
          actor,
          payload: {
            channel: input.channel,
            source: input.source ?? null,
            received_at: receivedAt,
            title: sealed.title,
            // The text's hash seals it: an edit to the stored petition no longer matches the case file.
            text_sha256: createHash('sha256').update(input.text).digest('hex'),
            petitioner_recorded: Boolean(p && Object.values(p).some(Boolean)),
            attachments: input.attachments.length,
            co_petitioners: input.co_petitioners?.length ?? 0,
            representatives: input.representatives?.length ?? 0,
            people,
          },
        });
        if (deps.triage)
          recordTriage(
            id,
            { text: sealed.text, title: sealed.title ?? undefined },
            receivedAt,
            identity,
            undefined,
            pre,
          );
      });
      return view(id);
    },

    list(q: ListQuery) {
      const today = localDate(clock.now());
      const { rows, total } = repo.list({
        status: q.status,
        risk: q.risk,
        overdue: q.overdue === undefined ? undefined : q.overdue === 'true',
        overdueBefore: today,
        q: q.q,
        limit: q.limit,
        offset: q.offset,
      });
      const items = rows.map((r) => petitionView(r, repo.deadlines(r.id), null, clock.now()));
      return { items, total, limit: q.limit, offset: q.offset };
    },

    /** Moves a case one legal step, recording who and why; the clocks follow the Regulations. */
    /** `role`: the caller's role, checked against the move's roles in workflow.ts (admin always may). */
    transition(id: string, input: TransitionInput, role?: string): PetitionView {
      tx(db, () => {
        const row = mustGet(id);
        const from = row.status as Step;
        const to = input.to as Step;
        const rule = moveRule(from, to);
        if (!rule) throw conflict('illegal_transition', illegalMove(from, to));
        if (rule.via !== 'transition') throw conflict('guarded_transition', `${STEPS[to]}: ${GUARDED_MOVES[to]}`);
        if (role && role !== 'admin' && !rule.roles.includes(role)) {
          throw new AppError(
            403,
            'forbidden',
            `“${STEPS[from]} → ${STEPS[to]}”只能由以下角色办理：${rule.roles.map((r) => ROLE_LABELS[r] ?? r).join('、')}`,
          );
        }
        checkMoveGuards(from, to, input, facts(id));
        applyClockEffects(id, from, to, input);
        move(id, from, to, input.actor, input.reason, {
          decision: input.decision,
          department: input.department,
          receiver: input.receiver,
        });
      });
      return view(id);
    },

    /** 答复: called when a draft is approved; only this moves a case to replied and starts the review clock. */
    recordReply(id: string, reply: { actor: string; kind: string; outcome?: Outcome; draftId?: number }): PetitionView {
      tx(db, () => {
        const row = mustGet(id);
        const from = row.status as Step;
        if (!canMove(from, 'replied')) throw conflict('illegal_transition', `处于${STEPS[from]}环节的事项不能答复`);
        const now = nowIso();
        const live = wf.live(id);
        if (from === 'reported' && live?.status !== 'accepted') {
          throw conflict('findings_not_assessed', '承办单位报送的办理结果须经本机关审核采纳后才能答复');
        }
        if (live) wf.update({ ...live, status: live.status === 'accepted' ? 'accepted' : 'withdrawn', closed_at: now });
        if (from === 'review') {
          repo.meetDeadline(id, 'review_answer', now);
          startClock(id, 'recheck_request', now);
        } else if (from === 'recheck') {
          // The 复核 opinion is final (Art. 36): no further review window opens.
          repo.meetDeadline(id, 'recheck_answer', now);
        } else {
          repo.meetDeadline(id, 'accept', now);
          repo.meetDeadline(id, 'conclude', now);
          repo.meetDeadline(id, 'rehandle', now);
          // Only a handling opinion (意见书) opens the review route of Art. 35, and only once; a notice does not.
          const reviewed = repo.deadlines(id).some((d) => d.kind === 'review_answer');
          if (reply.kind === 'opinion' && !reviewed) startClock(id, 'review_request', now);
        }
        if (reply.outcome) repo.setOutcome(id, reply.outcome, now);
        move(id, from, 'replied', reply.actor, `reply sent (${reply.kind})`, {
          kind: reply.kind,
          outcome: reply.outcome,
          draft_id: reply.draftId,
        });
      });
      return view(id);
    },

    /** Art. 34: one extension of at most 30 days, with a reason. */
    extend(id: string, input: ExtensionInput): PetitionView {
      tx(db, () => {
        const row = mustGet(id);
        if (row.extended) throw conflict('already_extended', '办结期限只能延长一次（《信访工作条例》第三十四条）');
        const clockRow = openClock(id, 'conclude');
        if (!clockRow) throw conflict('no_open_deadline', '只有已受理且 60 日办结期限尚未结束的事项才能延期');
        const dueAt = addDays(clockRow.due_at, input.days);
        repo.moveDeadline(id, 'conclude', dueAt);
        repo.setExtended(id, nowIso());
        events.append({
          petitionId: id,
          type: 'extended',
          actor: input.actor,
          payload: { days: input.days, reason: notes.seal(id, input.reason), from: clockRow.due_at, to: dueAt },
        });
      });
      return view(id);
    },

    /** 回访: records satisfaction; 不满意 re-opens supervision (二次督办). */
    followUp(id: string, input: FollowUpInput): PetitionView {
      tx(db, () => {
        const row = mustGet(id);
        const from = row.status as Step;
        if (!canMove(from, 'followed_up'))
          throw conflict('illegal_transition', `答复后才能回访；本件处于${STEPS[from]}环节`);
        const comment = notes.seal(id, input.comment) ?? null;
        followUps.add({
          petition_id: id,
          satisfaction: input.satisfaction,
          comment,
          actor: input.actor,
          created_at: nowIso(),
        });
        events.append({
          petitionId: id,
          type: 'follow_up',
          actor: input.actor,
          payload: { satisfaction: input.satisfaction, comment },
        });
        move(id, from, 'followed_up', input.actor, `回访：${input.satisfaction}`);
        // After the 复核 opinion the matter is final (Art. 36): dissatisfaction is recorded, not re-opened.
        if (input.satisfaction === '不满意' && !isFinal(repo.deadlines(id))) {
          move(id, 'followed_up', 'supervising', input.actor, '回访不满意，二次督办', { second_supervision: true });
        }
      });
      return view(id);
    },

    /** Stores a fresh triage of a registered petition (e.g. after the models change). */
    retriage(id: string, actor: string) {
      if (!deps.triage) throw new AppError(503, 'triage_unavailable', '甄别分析功能尚未配置');
      tx(db, () => {
        const row = mustGet(id);
        recordTriage(
          id,
          { text: row.text, title: row.title ?? undefined },
          row.received_at,
          repo.getPetitioner(id)?.identity_key ?? null,
          actor,
        );
      });
      return view(id);
    },
  };

  function recordTriage(
    id: string,
    input: { text: string; title?: string },
    receivedAt: string,
    identity: string | null,
    actor = 'system',
    pre?: Precomputed,
  ) {
    const result = deps.triage!(input.text, input.title, repeatContext(id, input.text, identity, receivedAt), pre);
    repo.setTriage({
      id,
      risk_level: result.risk.level,
      risk_score: result.risk.score,
      category: result.category.label,
      emotion: result.emotion.label,
      triage: JSON.stringify(result),
      updated_at: nowIso(),
    });
    events.append({
      petitionId: id,
      type: 'triaged',
      actor,
      payload: { ...result } as unknown as Record<string, unknown>,
    });
    const raised = deps.onTriaged?.({ id, text: input.text, title: input.title ?? null, receivedAt }, result) ?? [];
    for (const other of raised) raiseToRed(other, actor);
  }

  /** A petition in an alerted cluster is red on its page, in lists and filters, and in its case file. */
  function raiseToRed(id: string, actor: string) {
    const row = repo.get(id);
    if (!row || row.risk_level === 'red' || !row.triage) return;
    const triage = JSON.parse(row.triage) as TriageResult;
    const signal = { code: 'cluster_alert', evidence: '', start: 0, end: 0, weight: RED_WEIGHT };
    const risk = {
      level: 'red' as const,
      score: Math.max(triage.risk.score, RED_WEIGHT),
      signals: [...triage.risk.signals, signal],
    };
    repo.setTriage({
      ...row,
      risk_level: 'red',
      risk_score: risk.score,
      triage: JSON.stringify({ ...triage, risk }),
      updated_at: nowIso(),
    });
    events.append({
      petitionId: id,
      type: 'risk_raised',
      actor,
      payload: { from: row.risk_level, to: 'red', reason: 'cluster_alert' },
    });
  }

  function applyClockEffects(id: string, _from: Step, to: Step, input: TransitionInput) {
    const now = nowIso();
    if (to === 'screened') {
      if (!input.decision)
        throw invalid('甄别须给出结论', [
          {
            path: 'decision',
            message: '转到甄别时必填：accepted（受理）、forwarded（转送）或 not_accepted（不予受理）',
          },
        ]);
      repo.meetDeadline(id, 'accept', now);
      if (input.decision === 'accepted') startClock(id, 'conclude', now);
    }
    if (to === 'review') {
      const window = openClock(id, 'review_request');
      if (!window) throw conflict('no_review_window', '出具信访处理意见书后才能申请复查（《信访工作条例》第三十五条）');
      if (window.due_at < localDate(now))
        throw conflict(
          'review_window_closed',
          `申请复查的 30 日期限已于 ${window.due_at} 届满（《信访工作条例》第三十五条）`,
        );
      repo.meetDeadline(id, 'review_request', now);
      startClock(id, 'review_answer', now);
    }
    if (to === 'recheck') {
      const window = openClock(id, 'recheck_request');
      if (!window) throw conflict('no_recheck_window', '出具复查意见后才能申请复核（《信访工作条例》第三十六条）');
      if (window.due_at < localDate(now))
        throw conflict(
          'recheck_window_closed',
          `申请复核的 30 日期限已于 ${window.due_at} 届满（《信访工作条例》第三十六条）`,
        );
      repo.meetDeadline(id, 'recheck_request', now);
      startClock(id, 'recheck_answer', now);
    }
  }
}

export type CaseService = ReturnType<typeof createCaseService>;
