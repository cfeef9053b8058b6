import type { Bag } from './hashing.ts';

/**
 * Context features: what surrounds a target word, not just that it occurs. A bag of n-grams scores "我不会自杀"
 * and "我要自杀" alike and cannot say "first person AND a method AND a time"; these features can. The word
 * lists are saved with the model, so a loaded model rebuilds exactly the features it was trained on.
 */
export interface ContextConfig {
  /** Weight of each context feature relative to one n-gram occurrence. */
  weight: number;
  /** Target word groups, e.g. methods and ideation; each occurrence is read in its context. */
  targets: Record<string, string[]>;
  /** A negator within `negationWindow` characters before a target negates that occurrence (不, 别, 劝...). */
  negators: string[];
  negationWindow: number;
  /** First-person and other-person markers, looked for within `personWindow` characters before a target. */
  firstPerson: string[];
  otherPerson: string[];
  personWindow: number;
  /** Cue groups present anywhere in the text (time, plan, past, question...). */
  cues: Record<string, string[]>;
  /**
   * Conjunctions of atoms, each adding `ctx:cj:<a&b&...>` when all hold. Atoms: a target group's name (it occurs
   * not negated), `fp:<group>` (and the text is in the first person), a cue group's name, `fp` / `op` (a first- /
   * other-person marker anywhere), `!fp` (no first-person marker) and `none` (no target occurs un-negated).
   */
  conjunctions: string[][];
}

function positions(text: string, terms: string[]): number[] {
  const out: number[] = [];
  for (const t of terms) for (let i = text.indexOf(t); i !== -1; i = text.indexOf(t, i + t.length)) out.push(i);
  return out;
}

const anyIn = (s: string, terms: string[]) => terms.some((t) => s.includes(t));

/** Adds the context features of `text` to `bag` as `ctx:*`. */
export function addContextFeatures(text: string, c: ContextConfig, bag: Bag): void {
  const add = (name: string) => bag.add(`ctx:${name}`, c.weight);
  const atoms = new Set<string>();
  for (const [name, terms] of Object.entries(c.cues)) if (anyIn(text, terms)) atoms.add(name);
  const fpAnywhere = anyIn(text, c.firstPerson);
  if (fpAnywhere) atoms.add('fp');
  else atoms.add('!fp');
  if (anyIn(text, c.otherPerson)) atoms.add('op');
  let anyTarget = false;
  for (const [group, terms] of Object.entries(c.targets)) {
    let bare = 0;
    let negated = 0;
    let first = 0;
    let other = 0;
    for (const p of positions(text, terms)) {
      const neg = anyIn(text.slice(Math.max(0, p - c.negationWindow), p), c.negators);
      const before = text.slice(Math.max(0, p - c.personWindow), p);
      const fp = anyIn(before, c.firstPerson);
      const op = anyIn(before, c.otherPerson);
      if (neg) negated++;
      else bare++;
      if (fp) first++;
      if (op) other++;
      add(`${neg ? 'neg' : 'pos'}:${group}`);
      if (!neg && fp) add(`fp:${group}`);
      // Someone else's act or words ("他跳楼了", "你别想不开") weigh differently from one's own.
      if (op && !fp) add(`op:${group}`);
    }
    if (negated > 0 && bare === 0) add(`onlyneg:${group}`);
    if (other > 0 && first === 0) add(`onlyop:${group}`);
    if (bare > 0) {
      anyTarget = true;
      atoms.add(group);
      if (first > 0 || fpAnywhere) atoms.add(`fp:${group}`);
    }
  }
  if (!anyTarget) atoms.add('none');
  for (const conj of c.conjunctions) if (conj.every((a) => atoms.has(a))) add(`cj:${conj.join('&')}`);
}
