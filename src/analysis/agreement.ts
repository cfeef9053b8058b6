import type { RecognisedMatter, LetterKind } from '../clauses/matter-first.ts';
import { routeByCode, type RouteResult } from '../clauses/route.ts';
import type { CategoryResult } from '../triage/types.ts';

/** The matter as the analysis reports it. */
export type MatterView = Pick<RecognisedMatter, 'id' | 'label' | 'department' | 'needsStatute' | 'cues'>;

/**
 * Similar typical cases are shown only when an article was recommended, the case's field matches the matter,
 * its BM25 score is at least SIMILAR_MIN_SCORE and its title shares at least two words with the petition:
 * an unrelated case (noise → game cheats, wage arrears → tied selling) misleads more than none.
 */
export const SIMILAR_MIN_SCORE = 12;
const CASE_FIELDS: Record<string, string[]> = {
  consumer: ['消费购物'],
  'food-safety': ['消费购物'],
  'wage-arrears': ['劳动人事'],
  'labour-contract': ['劳动人事'],
  'work-injury': ['劳动人事'],
  'social-insurance-arrears': ['劳动人事'],
  'housing-developer': ['民法典'],
  'property-management': ['民法典'],
  family: ['民法典'],
  'medical-dispute': ['民法典'],
  'traffic-accident': ['民法典'],
  'urban-demolition': ['行政协议诉讼'],
  'rural-land-taking': ['行政协议诉讼'],
};

export function relevantCases<T extends { category: string; title: string; score: number }>(
  cases: T[],
  matterId: string | undefined,
  text: string,
  words: (s: string) => string[],
): T[] {
  const fields = matterId ? CASE_FIELDS[matterId] : undefined;
  if (!fields) return [];
  const mine = new Set(words(text).filter((w) => w.length >= 2));
  return cases.filter(
    (c) =>
      fields.includes(c.category) &&
      c.score >= SIMILAR_MIN_SCORE &&
      new Set(words(c.title).filter((w) => mine.has(w))).size >= 2,
  );
}

// Routes whose receiver is generic ("有权处理的机关、单位"): the matter's department names it.
const GENERIC_RECEIVER = new Set(['duty', 'investigation', 'suggestion']);
// The department a route itself implies when no matter was recognised.
const ROUTE_DEPARTMENT: Record<string, string> = {
  arbitration: '人力资源和社会保障局（劳动人事争议仲裁委员会）',
  accusation: '纪检监察机关',
  litigation: '政法机关（人民法院、人民检察院、公安机关）',
};

/**
 * One story per petition: the route must be one that fits the recognised matter (else the matter's default),
 * a suggestion keeps the suggestion route, the department is the matter's (else the route's, else the
 * category's), the category follows the matter, and category.department is the same department.
 */
export function reconcile(x: {
  route: RouteResult;
  category: CategoryResult;
  matter?: RecognisedMatter;
  kind: LetterKind;
}) {
  const m = x.matter;
  let route = x.route;
  // A suggestion that matched no route cue (the fallback) is a suggestion (Art. 29), not an investigation.
  if (x.kind === 'suggestion' && route.code === 'investigation' && !route.cues.length)
    route = routeByCode('suggestion') ?? route;
  if (m) {
    const fits =
      m.routes.includes(route.code) ||
      (x.kind === 'suggestion' && route.code === 'suggestion' && m.needsStatute === false);
    if (!fits) {
      const preferred = x.kind === 'suggestion' && m.routes.includes('suggestion') ? 'suggestion' : m.routes[0];
      route = routeByCode(preferred, route.cues) ?? route;
    }
  }
  // A matter without its own category (public services) is handled by the sector the classifier found.
  const department = (m?.category ? m.department : undefined) ?? ROUTE_DEPARTMENT[route.code] ?? x.category.department;
  if (m && GENERIC_RECEIVER.has(route.code)) route = { ...route, receiver: department };
  const label = (m?.category ?? x.category.label) as CategoryResult['label'];
  return {
    route,
    department,
    category: { ...x.category, label, department },
    matter: m
      ? { id: m.id, label: m.label, department: m.department, needsStatute: m.needsStatute, cues: m.cues }
      : null,
  };
}
