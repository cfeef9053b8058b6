import { petitionerView, petitionView, type Petitioner, type PetitionView } from '../cases/case-view.ts';
import { localDate } from '../cases/clocks.ts';
import type { Deps } from '../http/app-deps.ts';
import { invalid } from '../errors.ts';
import { PII_ACCESS } from '../http/auth/policy.ts';
import type { Role } from '../http/auth/roles.ts';
import { SearchQuerySchema, type SearchQuery } from '../cases/search-query.ts';
import { deadlinesOf, searchPetitions, stepTimesOf } from '../store/case-search.ts';
import { createPetitionsRepo, type PiiField } from '../store/petitions-repo.ts';
import { refreshPetitionerLookup } from '../store/petitioner-lookup.ts';

/** What finding cases uses: the register, the clock, and the keyed identity hash (search by phone or ID). */
export type CaseListDeps = Pick<Deps, 'db' | 'clock' | 'cipher' | 'identityKey'>;

export interface ListedCase extends PetitionView {
  department: string | null;
}

/** Reads a search query from URL parameters; 400 listing every bad parameter in Chinese. */
export function parseSearch(params: Record<string, string | undefined>): SearchQuery {
  const parsed = SearchQuerySchema.safeParse(params);
  if (parsed.success) return parsed.data;
  throw invalid(
    '检索条件有误',
    parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(query)', message: i.message })),
  );
}

/** One page of the register as the pages and the API show it (identities not included). */
export function findCases(
  deps: CaseListDeps,
  q: SearchQuery,
): { items: ListedCase[]; total: number; limit: number; offset: number } {
  const now = deps.clock.now();
  if (q.who) refreshPetitionerLookup(deps.db, deps.cipher, deps.identityKey);
  const { rows, total } = searchPetitions(deps.db, q, localDate(now), deps.identityKey);
  const clocks = deadlinesOf(
    deps.db,
    rows.map((r) => r.id),
  );
  const items = rows.map((r) => ({ ...petitionView(r, clocks.get(r.id) ?? [], null, now), department: r.department }));
  return { items, total, limit: q.limit, offset: q.offset };
}

/** The identity fields a role may read unmasked in a list or an export (dispatch's red-only phone is not a list right). */
export const openFieldsFor = (role: Role): PiiField[] =>
  PII_ACCESS[role].fields.filter((f): f is PiiField => f !== 'text');

/** The whole filtered register with each step's time and the petitioner masked by role: what the books export. */
export function booksOf(deps: CaseListDeps, q: SearchQuery, role: Role) {
  const all = findCases(deps, { ...q, limit: 100_000, offset: 0 });
  const ids = all.items.map((c) => c.id);
  const steps = stepTimesOf(deps.db, ids);
  const repo = createPetitionsRepo(deps.db, deps.cipher);
  const open = openFieldsFor(role);
  return all.items.map((c) => ({
    view: c,
    steps: steps.get(c.id) ?? {},
    petitioner: petitionerView(repo.getPetitioner(c.id), open) as Petitioner | null,
  }));
}
