import { AppError } from '../../errors.ts';
import { PII_FIELDS, type PiiField } from '../../store/petitions-repo.ts';
import { PII_ACCESS } from './policy.ts';
import { isRole } from './roles.ts';

/** Parses `?reveal=phone,name` (or `all`) into identity fields; an unknown field is a 400. */
export function parseReveal(raw: string | undefined): PiiField[] {
  if (!raw) return [];
  const asked = raw.split(',').map((s) => s.trim()).filter(Boolean);
  if (asked.includes('all')) return [...PII_FIELDS];
  const bad = asked.filter((f) => !(PII_FIELDS as readonly string[]).includes(f));
  if (bad.length) {
    throw new AppError(400, 'invalid_request', `reveal: unknown field ${bad.join(', ')}`, [{ path: 'reveal', message: `one or more of ${PII_FIELDS.join(', ')}, or all` }]);
  }
  return asked as PiiField[];
}

/** Refuses (403) unless the role may see every asked field unmasked; dispatch only a red petition's phone. */
export function checkReveal(role: string, fields: PiiField[], riskLevel: string | null): void {
  if (!fields.length) return;
  const access = isRole(role) ? PII_ACCESS[role] : { fields: [], redOnly: [] };
  const allowed = new Set([...access.fields, ...(riskLevel === 'red' ? (access.redOnly ?? []) : [])]);
  const refused = fields.filter((f) => !allowed.has(f));
  if (refused.length) {
    throw new AppError(403, 'forbidden', `role ${role} may not see ${refused.join(', ')} unmasked${access.redOnly?.length ? ' (dispatch: the phone number of a red-alert petition only)' : ''}`);
  }
}
