/** Characters compared by ROUGE-L here: whitespace is dropped (layout is not content), everything else kept. */
export function rougeChars(s: string): string[] {
  return [...s.replace(/\s+/gu, '')];
}

/** Length of the longest common subsequence, O(n·m) time and O(m) memory. */
export function lcsLength(a: string[], b: string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  let prev = new Uint32Array(b.length + 1);
  let cur = new Uint32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      cur[j] = a[i - 1] === b[j - 1] ? prev[j - 1] + 1 : Math.max(prev[j], cur[j - 1]);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length];
}

/** Character-level ROUGE-L F1 of a candidate against one reference: 2PR/(P+R), P = LCS/|cand|, R = LCS/|ref|. */
export function rougeL(candidate: string, reference: string): number {
  const c = rougeChars(candidate);
  const r = rougeChars(reference);
  const lcs = lcsLength(c, r);
  if (lcs === 0) return 0;
  const p = lcs / c.length;
  const rec = lcs / r.length;
  return (2 * p * rec) / (p + rec);
}
