/** A sparse feature vector: parallel arrays of hashed feature indices and values. */
export interface SparseVector {
  indices: Int32Array;
  values: Float32Array;
}

/** 32-bit FNV-1a over UTF-16 code units: stable across runs and platforms, so saved weights keep their meaning. */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Collects hashed feature counts; `dim` must be a power of two. */
export class FeatureBag {
  readonly counts = new Map<number, number>();
  constructor(readonly dim: number) {}

  add(feature: string, weight = 1): void {
    const i = fnv1a(feature) & (this.dim - 1);
    this.counts.set(i, (this.counts.get(i) ?? 0) + weight);
  }

  /** Sublinear tf (1 + ln tf), optional per-index idf, then L2 normalisation. */
  toVector(idf?: Float32Array, sublinear = true): SparseVector {
    const entries = [...this.counts.entries()].sort((a, b) => a[0] - b[0]);
    const indices = new Int32Array(entries.length);
    const values = new Float32Array(entries.length);
    let norm = 0;
    entries.forEach(([i, c], k) => {
      let v = sublinear && c > 0 ? 1 + Math.log(c) : c;
      if (idf) v *= idf[i];
      indices[k] = i;
      values[k] = v;
      norm += v * v;
    });
    norm = Math.sqrt(norm) || 1;
    for (let k = 0; k < values.length; k++) values[k] /= norm;
    return { indices, values };
  }
}
