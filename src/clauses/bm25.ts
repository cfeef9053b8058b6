/** Postings of one term: document ids and their (weighted) term frequencies. */
interface Postings {
  docs: Int32Array;
  tfs: Float32Array;
}

export interface Bm25Options {
  k1?: number;
  b?: number;
}

/** Collects documents one at a time (term → weighted frequency), then freezes them into a Bm25Index. */
export class Bm25Builder {
  // One entry per term holding both lists: one map lookup per posting (building runs at every start-up).
  private readonly postingsOf = new Map<string, { docs: number[]; tfs: number[] }>();
  private readonly lengths: number[] = [];

  /** Adds one document; returns its id. */
  add(tf: Map<string, number>): number {
    const id = this.lengths.length;
    let len = 0;
    for (const [t, f] of tf) {
      len += f;
      let p = this.postingsOf.get(t);
      if (!p) this.postingsOf.set(t, (p = { docs: [], tfs: [] }));
      p.docs.push(id);
      p.tfs.push(f);
    }
    this.lengths.push(len);
    return id;
  }

  build(opts: Bm25Options = {}): Bm25Index {
    return new Bm25Index(this.postingsOf, Float32Array.from(this.lengths), opts);
  }
}

/** Adds `weight` for every token to a term-frequency map. */
export function addTerms(tf: Map<string, number>, tokens: string[], weight = 1): Map<string, number> {
  for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + weight);
  return tf;
}

/** A compact BM25 index (typed-array postings, so 64k articles stay small). */
export class Bm25Index {
  readonly size: number;
  private readonly postings = new Map<string, Postings>();
  private readonly idfs = new Map<string, number>();
  private readonly norm: Float32Array;
  private readonly k1: number;

  constructor(
    postingsOf: Map<string, { docs: number[]; tfs: number[] }>,
    lengths: Float32Array,
    opts: Bm25Options = {},
  ) {
    this.k1 = opts.k1 ?? 1.2;
    const b = opts.b ?? 0.75;
    this.size = lengths.length;
    const avg = lengths.reduce((s, x) => s + x, 0) / Math.max(1, this.size);
    this.norm = lengths.map((l) => this.k1 * (1 - b + (b * l) / (avg || 1)));
    for (const [t, { docs, tfs }] of postingsOf) {
      this.postings.set(t, { docs: Int32Array.from(docs), tfs: Float32Array.from(tfs) });
      this.idfs.set(t, Math.log(1 + (this.size - docs.length + 0.5) / (docs.length + 0.5)));
    }
  }

  /** Builds an index from documents given as [term, weight] lists (small indexes and tests). */
  static fromDocs(docs: [string, number][][], opts: Bm25Options = {}): Bm25Index {
    const b = new Bm25Builder();
    for (const doc of docs) {
      const tf = new Map<string, number>();
      for (const [t, w] of doc) tf.set(t, (tf.get(t) ?? 0) + w);
      b.add(tf);
    }
    return b.build(opts);
  }

  idf(term: string): number {
    return this.idfs.get(term) ?? 0;
  }

  df(term: string): number {
    return this.postings.get(term)?.docs.length ?? 0;
  }

  /** Adds `weight × BM25(term)` for every query term into `scores` (length = size). */
  scoreInto(query: Map<string, number>, scores: Float32Array): void {
    for (const [term, qw] of query) {
      const p = this.postings.get(term);
      if (!p) continue;
      const w = qw * this.idfs.get(term)!;
      const k1p = this.k1 + 1;
      for (let j = 0; j < p.docs.length; j++) {
        const d = p.docs[j];
        const tf = p.tfs[j];
        scores[d] += (w * tf * k1p) / (tf + this.norm[d]);
      }
    }
  }
}

/** Indices of the k largest scores (> 0), best first. */
export function topK(scores: Float32Array, k: number, filter?: (i: number) => boolean): number[] {
  const best: number[] = [];
  if (k <= 0) return best;
  let floor = 0; // the k-th best score once `best` is full
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i];
    if (s <= floor || (filter && !filter(i))) continue;
    // Insertion into a short sorted list: k is small, so this beats a heap.
    let j = best.length < k ? best.length : k - 1;
    while (j > 0 && scores[best[j - 1]] < s) j--;
    best.splice(j, 0, i);
    if (best.length > k) best.pop();
    if (best.length === k) floor = scores[best[k - 1]];
  }
  return best;
}
