import { DUTY_CLOCKS } from '../statutory-clocks.ts';
import type { Db } from './db.ts';
import type { PiiCipher } from './pii-cipher.ts';
import { dialectOf } from './dialect.ts';
import { byReceiptFrom, countText, textCondition, walkReceiptIndex } from './text-search.ts';

export interface PetitionRow {
  id: string;
  title: string | null;
  text: string;
  channel: string;
  source: string | null;
  received_at: string;
  location: string | null;
  attachments: string;
  status: string;
  outcome: string | null;
  extended: number;
  risk_level: string | null;
  risk_score: number | null;
  category: string | null;
  emotion: string | null;
  triage: string | null;
  /** Encrypted originals of the numbers replaced by placeholders in text/title (cases/sealed-text.ts). */
  sealed: string | null;
  created_at: string;
  updated_at: string;
}

export interface DeadlineRow {
  petition_id: string;
  kind: string;
  starts_at: string;
  due_at: string;
  met_at: string | null;
  article: string;
}

export interface PetitionerRow {
  petition_id: string;
  name: string | null;
  id_number: string | null;
  phone: string | null;
  address: string | null;
  identity_key: string | null;
}

export interface ListFilter {
  status?: string;
  risk?: string;
  /** Local date (YYYY-MM-DD): with overdue=true, cases with an open clock due before it. */
  overdueBefore?: string;
  overdue?: boolean;
  q?: string;
  limit: number;
  offset: number;
}

/** The petitioner columns that are encrypted at rest (identity_key is already a keyed hash). */
export const PII_FIELDS = ['name', 'id_number', 'phone', 'address'] as const;
export type PiiField = (typeof PII_FIELDS)[number];

/** Encrypts (or decrypts) each identity field, bound to its petition and column. */
export function mapPetitioner(
  row: PetitionerRow,
  fn: (value: string | null, context: string) => string | null,
): PetitionerRow {
  const out = { ...row };
  for (const f of PII_FIELDS) out[f] = fn(row[f], `${row.petition_id}:${f}`);
  return out;
}

/** The `reminded` marker a deadline round starts with: 0 for a clock that binds the office, else 2 (settled). */
function roundStart(kind: string): string {
  return `CASE WHEN ${kind} IN (${DUTY_CLOCKS.map((k) => `'${k}'`).join(', ')}) THEN 0 ELSE 2 END`;
}

/** SQL for petitions, their petitioners and their clocks. No business rules here; identities are stored encrypted. */
export function createPetitionsRepo(db: Db, cipher: PiiCipher) {
  const s = {
    insert: db.prepare(
      `INSERT INTO petitions (id, title, text, channel, source, received_at, location, attachments, sealed, created_at, updated_at)
       VALUES (@id, @title, @text, @channel, @source, @received_at, @location, @attachments, @sealed, @created_at, @created_at)`,
    ),
    get: db.prepare('SELECT * FROM petitions WHERE id = ?'),
    idTaken: db.prepare('SELECT 1 FROM petitions WHERE id = ?'),
    setStatus: db.prepare('UPDATE petitions SET status = ?, updated_at = ? WHERE id = ?'),
    setOutcome: db.prepare('UPDATE petitions SET outcome = ?, updated_at = ? WHERE id = ?'),
    setExtended: db.prepare('UPDATE petitions SET extended = 1, updated_at = ? WHERE id = ?'),
    setPlace: db.prepare('UPDATE petitions SET location = ?, attachments = ? WHERE id = ?'),
    setTriage: db.prepare(
      `UPDATE petitions SET risk_level = @risk_level, risk_score = @risk_score, category = @category,
       emotion = @emotion, triage = @triage, updated_at = @updated_at WHERE id = @id`,
    ),
    insertPetitioner: db.prepare(
      `INSERT INTO petitioners (petition_id, name, id_number, phone, address, identity_key)
       VALUES (@petition_id, @name, @id_number, @phone, @address, @identity_key)`,
    ),
    getPetitioner: db.prepare('SELECT * FROM petitioners WHERE petition_id = ?'),
    byIdentity: db.prepare(
      `SELECT p.id, p.received_at FROM petitioners r JOIN petitions p ON p.id = r.petition_id
       WHERE r.identity_key = ? AND p.id != ? AND p.received_at >= ? ORDER BY p.received_at DESC LIMIT ?`,
    ),
    // A new or moved deadline is a new reminder round (migration 023): nothing reminded yet, unless the clock binds
    // the petitioner, which is never reminded.
    upsertDeadline: db.prepare(
      `INSERT INTO deadlines (petition_id, kind, starts_at, due_at, article, reminded)
       VALUES (@petition_id, @kind, @starts_at, @due_at, @article, ${roundStart('@kind')})
       ON CONFLICT (petition_id, kind) DO UPDATE
         SET starts_at = excluded.starts_at, due_at = excluded.due_at, met_at = NULL, reminded = excluded.reminded`,
    ),
    meetDeadline: db.prepare('UPDATE deadlines SET met_at = ? WHERE petition_id = ? AND kind = ? AND met_at IS NULL'),
    moveDeadline: db.prepare(
      `UPDATE deadlines SET due_at = ?, reminded = ${roundStart('kind')} WHERE petition_id = ? AND kind = ?`,
    ),
    deadlines: db.prepare('SELECT * FROM deadlines WHERE petition_id = ? ORDER BY due_at'),
  };

  return {
    insert: (
      row: Pick<
        PetitionRow,
        'id' | 'title' | 'text' | 'channel' | 'source' | 'received_at' | 'location' | 'attachments' | 'created_at'
      > & { sealed?: string | null },
    ) => s.insert.run({ sealed: null, ...row }),
    get: (id: string) => s.get.get(id) as PetitionRow | undefined,
    idTaken: (id: string) => s.idTaken.get(id) !== undefined,
    setStatus: (id: string, status: string, at: string) => s.setStatus.run(status, at, id),
    setOutcome: (id: string, outcome: string, at: string) => s.setOutcome.run(outcome, at, id),
    setExtended: (id: string, at: string) => s.setExtended.run(at, id),
    /** The place and the attachments (JSON) as sealed after registration (cases/sealed-notes.ts). */
    setPlace: (id: string, location: string | null, attachments: string) => s.setPlace.run(location, attachments, id),
    setTriage: (
      row: Pick<PetitionRow, 'id' | 'risk_level' | 'risk_score' | 'category' | 'emotion' | 'triage' | 'updated_at'>,
    ) => s.setTriage.run(row),
    insertPetitioner: (row: PetitionerRow) =>
      s.insertPetitioner.run(mapPetitioner(row, (v, ctx) => cipher.encrypt(v, ctx))),
    /** The petitioner with identity fields decrypted: callers decide what to mask (cases/case-view.ts). */
    getPetitioner: (id: string) => {
      const row = s.getPetitioner.get(id) as PetitionerRow | undefined;
      return row && mapPetitioner(row, (v, ctx) => cipher.decrypt(v, ctx));
    },
    /** Other petitions by the same petitioner (matched by the keyed identity hash) received since `since` (ISO), newest first. */
    byIdentity: (identityKey: string, exceptId: string, since = '', limit = -1) =>
      s.byIdentity.all(identityKey, exceptId, since, limit) as { id: string; received_at: string }[],
    upsertDeadline: (row: Omit<DeadlineRow, 'met_at'>) => s.upsertDeadline.run(row),
    meetDeadline: (id: string, kind: string, at: string) => s.meetDeadline.run(at, id, kind),
    moveDeadline: (id: string, kind: string, dueAt: string) => s.moveDeadline.run(dueAt, id, kind),
    deadlines: (id: string) => s.deadlines.all(id) as DeadlineRow[],
    list: (f: ListFilter) => list(db, f),
  };
}

function list(db: Db, f: ListFilter): { rows: PetitionRow[]; total: number } {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  if (f.status) {
    where.push('p.status = @status');
    params.status = f.status;
  }
  if (f.risk) {
    where.push('p.risk_level = @risk');
    params.risk = f.risk;
  }
  if (f.overdue !== undefined && f.overdueBefore) {
    const duty = DUTY_CLOCKS.map((k) => `'${k}'`).join(', ');
    const exists = `EXISTS (SELECT 1 FROM deadlines d WHERE d.petition_id = p.id AND d.met_at IS NULL AND d.kind IN (${duty}) AND d.due_at < @today)`;
    where.push(f.overdue ? exists : `NOT ${exists}`);
    params.today = f.overdueBefore;
  }
  const text = f.q ? textCondition(f.q, dialectOf(db)) : undefined;
  if (text) {
    where.push(text.sql);
    Object.assign(params, text.params);
  }
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  // Text alone: the index counts its matches without reading them (issue 24).
  const matches = text ? countText(db, text) : 0;
  const total =
    text && where.length === 1
      ? matches
      : (db.prepare(`SELECT COUNT(*) AS n FROM petitions p ${clause}`).get(params) as { n: number }).n;
  const from = text && walkReceiptIndex(db, matches, f.limit + f.offset) ? byReceiptFrom(db) : 'petitions p';
  const rows = db
    .prepare(`SELECT p.* FROM ${from} ${clause} ORDER BY p.received_at DESC, p.id LIMIT @limit OFFSET @offset`)
    .all({ ...params, limit: f.limit, offset: f.offset }) as PetitionRow[];
  return { rows, total };
}
