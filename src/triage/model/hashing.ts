/** A sparse feature vector: parallel arrays of hashed feature indices and values. */
export interface SparseVector {
  indices: Int32Array;
  values: Float32Array;
}

/** 32-bit FNV-1a over UTF-16 code units: stable across runs and platforms, so saved weights keep their meaning. */
export function fnv1a(s: string): number {
  return fnv1aFrom(FNV_OFFSET, s, 0, s.length);
}

const FNV_OFFSET = 0x811c9dc5;

/**
 * FNV-1a continued from state `h` over `s[start, end)`: fnv1aFrom(fnv1a(prefix), s, a, b) === fnv1a(prefix +
 * s.slice(a, b)), so the featurizers hash every n-gram of a text without building a string for each one.
 */
export function fnv1aFrom(h: number, s: string, start: number, end: number): number {
  let x = h;
  for (let i = start; i < end; i++) {
    x ^= s.charCodeAt(i);
    x = Math.imul(x, 0x01000193);
  }
  return x >>> 0;
}

/** Start offsets (UTF-16) of each code point of `s`, and s.length at the end: n-grams count code points. */
export function codePointOffsets(s: string): Int32Array {
  const out = new Int32Array(s.length + 1);
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    out[n++] = i;
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
  }
  out[n] = s.length;
  return out.subarray(0, n + 1);
}

/**
 * Calls `add` with the hashed bucket of every character n-gram of `s` (n in `sizes`; whitespace unigrams skipped),
 * the same buckets as fnv1a(`c${n}:${gram}`) & (dim - 1), with the gram's offsets.
 */
export function forEachCharNgram(
  s: string,
  sizes: number[],
  dim: number,
  add: (index: number, start: number, end: number) => void,
): void {
  const offsets = codePointOffsets(s);
  const count = offsets.length - 1;
  for (const n of sizes) {
    const seed = fnv1a(`c${n}:`);
    for (let i = 0; i + n <= count; i++) {
      const start = offsets[i];
      const end = offsets[i + n];
      if (n === 1 && WHITESPACE.test(s.slice(start, end))) continue;
      add(fnv1aFrom(seed, s, start, end) & (dim - 1), start, end);
    }
  }
}

const WHITESPACE = /^\s$/;

/** Sublinear tf (1 + ln tf), optional per-index idf, then L2 normalisation, for sorted `indices`. */
function weighted(
  indices: Int32Array,
  countOf: (i: number) => number,
  idf: Float32Array | undefined,
  sublinear: boolean,
): SparseVector {
  const values = new Float32Array(indices.length);
  let norm = 0;
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k];
    const c = countOf(i);
    let v = sublinear && c > 0 ? 1 + Math.log(c) : c;
    if (idf) v *= idf[i];
    values[k] = v;
    norm += v * v;
  }
  norm = Math.sqrt(norm) || 1;
  for (let k = 0; k < values.length; k++) values[k] /= norm;
  return { indices, values };
}

/** What the featurizers add features to. */
export interface Bag {
  readonly dim: number;
  add(feature: string, weight?: number): void;
  addIndex(i: number, weight?: number): void;
}

/** Collects hashed feature counts; `dim` must be a power of two. */
export class FeatureBag implements Bag {
  readonly counts = new Map<number, number>();
  constructor(readonly dim: number) {}

  add(feature: string, weight = 1): void {
    this.addIndex(fnv1a(feature) & (this.dim - 1), weight);
  }

  /** Adds to an already hashed bucket. */
  addIndex(i: number, weight = 1): void {
    this.counts.set(i, (this.counts.get(i) ?? 0) + weight);
  }

  /** Sublinear tf (1 + ln tf), optional per-index idf, then L2 normalisation. */
  toVector(idf?: Float32Array, sublinear = true): SparseVector {
    // A typed array sorts numerically without a tuple per entry; the order is the same as before.
    return weighted(Int32Array.from(this.counts.keys()).sort(), (i) => this.counts.get(i) as number, idf, sublinear);
  }
}

/**
 * A bag for one synchronous fill-then-toVector, as the runtime featurizers use it: the counts live in a typed
 * array shared per dimension and are cleared by toVector, so featurizing a petition allocates no map (the service
 * featurizes each petition some twenty times: five models, and the risk model once per sentence window). Gives
 * exactly FeatureBag's vector (same sorted order, same float rounding).
 */
export class ScratchBag implements Bag {
  private static readonly byDim = new Map<number, ScratchBag>();
  private readonly counts: Float64Array;
  private readonly seen: Uint8Array;
  private touched: number[] = [];

  private constructor(readonly dim: number) {
    this.counts = new Float64Array(dim);
    this.seen = new Uint8Array(dim);
  }

  /** The shared bag of this dimension; empty unless a fill is under way in the current call. */
  static of(dim: number): ScratchBag {
    let bag = ScratchBag.byDim.get(dim);
    if (!bag) ScratchBag.byDim.set(dim, (bag = new ScratchBag(dim)));
    if (bag.touched.length) bag.clear();
    return bag;
  }

  add(feature: string, weight = 1): void {
    this.addIndex(fnv1a(feature) & (this.dim - 1), weight);
  }

  addIndex(i: number, weight = 1): void {
    if (!this.seen[i]) {
      this.seen[i] = 1;
      this.touched.push(i);
    }
    this.counts[i] += weight;
  }

  /** FeatureBag.toVector's vector; the bag is empty afterwards. */
  toVector(idf?: Float32Array, sublinear = true): SparseVector {
    const v = weighted(Int32Array.from(this.touched).sort(), (i) => this.counts[i], idf, sublinear);
    this.clear();
    return v;
  }

  private clear(): void {
    for (const i of this.touched) {
      this.counts[i] = 0;
      this.seen[i] = 0;
    }
    this.touched = [];
  }
}
