/** Postings of one term: document ids and their (weighted) term frequencies. */
interface Postings {
  docs: Int32Array;
  tfs: Float32Array;
}

export interface Bm25Options {
  k1?: number;
  b?: number;
}

/** A compact BM25 index over pre-tokenised documents (typed-array postings, so 64k articles stay small). */
export class Bm25Index {
  readonly size: number;
  private readonly postings = new Map<string, Postings>();
  private readonly idfs = new Map<string, number>();
  private readonly norm: Float32Array;
  private readonly k1: number;

  /** `docs[i]` is a list of [term, weight] pairs: a term repeated or weighted counts more. */
  constructor(docs: [string, number][][], opts: Bm25Options = {}) {
    this.k1 = opts.k1 ?? 1.2;
    const b = opts.b ?? 0.75;
    this.size = docs.length;
    const lengths = new Float32Array(docs.length);
    const tmp = new Map<string, { docs: number[]; tfs: number[] }>();
    docs.forEach((doc, i) => {
      const tf = new Map<string, number>();
      for (const [t, w] of doc) {
        tf.set(t, (tf.get(t) ?? 0) + w);
        lengths[i] += w;
      }
      for (const [t, f] of tf) {
        let p = tmp.get(t);
        if (!p) tmp.set(t, (p = { docs: [], tfs: [] }));
        p.docs.push(i);
        p.tfs.push(f);
      }
    });
    const avg = lengths.reduce((s, x) => s + x, 0) / Math.max(1, docs.length);
    this.norm = lengths.map((l) => this.k1 * (1 - b + (b * l) / (avg || 1)));
    for (const [t, p] of tmp) {
      this.postings.set(t, { docs: Int32Array.from(p.docs), tfs: Float32Array.from(p.tfs) });
      const df = p.docs.length;
      this.idfs.set(t, Math.log(1 + (docs.length - df + 0.5) / (df + 0.5)));
    }
  }

  idf(term: string): number {
    return this.idfs.get(term) ?? 0;
  }

  df(term: string): number {
    return this.postings.get(term)?.docs.length ?? 0;
  }

  /** Adds `weight × BM25(term)` for every query term into `scores` (length = size). */
  scoreInto(query: Map<string, number>, scores: Float32Array, onHit?: (doc: number, term: string) => void): void {
    for (const [term, qw] of query) {
      const p = this.postings.get(term);
      if (!p) continue;
      const w = qw * this.idfs.get(term)!;
      for (let j = 0; j < p.docs.length; j++) {
        const d = p.docs[j];
        const tf = p.tfs[j];
        scores[d] += (w * tf * (this.k1 + 1)) / (tf + this.norm[d]);
        onHit?.(d, term);
      }
    }
  }
}

/** Indices of the k largest scores (> 0), best first. */
export function topK(scores: Float32Array, k: number, filter?: (i: number) => boolean): number[] {
  const best: number[] = [];
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i];
    if (s <= 0 || (filter && !filter(i))) continue;
    if (best.length < k) {
      best.push(i);
      best.sort((a, b) => scores[b] - scores[a]);
    } else if (s > scores[best[k - 1]]) {
      best[k - 1] = i;
      best.sort((a, b) => scores[b] - scores[a]);
    }
  }
  return best;
}
