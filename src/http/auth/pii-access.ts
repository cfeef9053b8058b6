import type { EventLog } from '../../audit/event-log.ts';
import { ROLE_LABELS } from '../../cases/role-labels.ts';
import { AppError } from '../../errors.ts';
import { tx, type Db } from '../../store/db.ts';
import { PII_FIELDS, type PiiField } from '../../store/petitions-repo.ts';
import { PII_ACCESS } from './policy.ts';
import { isRole } from './roles.ts';

/** What can be revealed: the petitioner's fields, and 'text' (numbers sealed in the text and title). */
export const REVEALABLE = [...PII_FIELDS, 'text'] as const;
export type Revealable = PiiField | 'text';

const FIELD_ZH: Record<string, string> = {
  name: '姓名',
  id_number: '身份证号',
  phone: '电话',
  address: '住址',
  text: '信访内容中的号码',
};

/** Parses `?reveal=phone,name` (or `all`) into revealable fields; an unknown field is a 400. */
export function parseReveal(raw: string | undefined): Revealable[] {
  if (!raw) return [];
  const asked = [
    ...new Set(
      raw
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
  if (asked.includes('all')) return [...REVEALABLE];
  const bad = asked.filter((f) => !(REVEALABLE as readonly string[]).includes(f));
  if (bad.length) {
    throw new AppError(400, 'invalid_request', `reveal 中有不认识的字段：${bad.join('、')}`, [
      { path: 'reveal', message: `可选 ${REVEALABLE.join('、')} 中的一项或几项，或 all（全部）` },
    ]);
  }
  return asked as Revealable[];
}

/** Refuses (403) unless the role may see every asked field unmasked; dispatch only a red petition's phone. */
export function checkReveal(role: string, fields: Revealable[], riskLevel: string | null): void {
  if (!fields.length) return;
  const access = isRole(role) ? PII_ACCESS[role] : { fields: [], redOnly: [] };
  const allowed = new Set([...access.fields, ...(riskLevel === 'red' ? (access.redOnly ?? []) : [])]);
  const refused = fields.filter((f) => !allowed.has(f));
  if (refused.length) {
    throw new AppError(
      403,
      'forbidden',
      `${ROLE_LABELS[role] ?? role}岗位无权查看未遮蔽的${refused.map((f) => FIELD_ZH[f] ?? f).join('、')}${access.redOnly?.length ? '（调度岗位只能查看红色预警事项的电话）' : ''}`,
    );
  }
}

/**
 * Records that identities were shown unmasked outside GET /v1/petitions/:id?reveal (an export, a page): one
 * `pii_read` event per petition in its own case file, all in one transaction, as cases.reveal does for one.
 */
export function recordPiiReads(
  db: Db,
  events: EventLog,
  petitionIds: readonly string[],
  fields: readonly string[],
  actor: string,
  role: string,
): void {
  if (!fields.length || !petitionIds.length) return;
  tx(db, () => {
    for (const petitionId of petitionIds)
      events.append({ petitionId, type: 'pii_read', actor, payload: { fields: [...fields], role } });
  });
}
