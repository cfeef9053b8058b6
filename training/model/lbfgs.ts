/** Objective for `minimiseLbfgs`: writes the gradient into `grad` and returns the value. */
export type Objective = (x: Float64Array, grad: Float64Array) => number;

/**
 * Limited-memory BFGS with a backtracking (Armijo) line search. Small and dependency-free; enough for
 * the convex, smooth objectives of L2-regularised logistic regression.
 */
export function minimiseLbfgs(
  f: Objective,
  x0: Float64Array,
  opts: { maxIter?: number; memory?: number; tol?: number } = {},
): Float64Array {
  const maxIter = opts.maxIter ?? 200;
  const m = opts.memory ?? 7;
  const tol = opts.tol ?? 1e-6;
  const n = x0.length;
  const x = Float64Array.from(x0);
  const g = new Float64Array(n);
  let fx = f(x, g);
  const s: Float64Array[] = [];
  const y: Float64Array[] = [];
  const rho: number[] = [];
  const d = new Float64Array(n);
  const xNew = new Float64Array(n);
  const gNew = new Float64Array(n);
  for (let iter = 0; iter < maxIter; iter++) {
    direction(g, s, y, rho, d);
    let dg = dot(d, g);
    if (dg >= 0) {
      // Not a descent direction (curvature pairs went stale): restart from steepest descent.
      s.length = y.length = rho.length = 0;
      for (let i = 0; i < n; i++) d[i] = -g[i];
      dg = dot(d, g);
    }
    let step = iter === 0 ? 1 / Math.max(1, Math.sqrt(dot(g, g))) : 1;
    let fNew = Infinity;
    for (let tries = 0; tries < 30; tries++) {
      for (let i = 0; i < n; i++) xNew[i] = x[i] + step * d[i];
      fNew = f(xNew, gNew);
      if (fNew <= fx + 1e-4 * step * dg) break;
      step *= 0.5;
    }
    if (!(fNew < fx)) break;
    const si = new Float64Array(n);
    const yi = new Float64Array(n);
    for (let i = 0; i < n; i++) [si[i], yi[i]] = [xNew[i] - x[i], gNew[i] - g[i]];
    const sy = dot(si, yi);
    if (sy > 1e-12) {
      s.push(si);
      y.push(yi);
      rho.push(1 / sy);
      if (s.length > m) [s.shift(), y.shift(), rho.shift()];
    }
    const improvement = (fx - fNew) / Math.max(1, Math.abs(fx));
    x.set(xNew);
    g.set(gNew);
    fx = fNew;
    if (improvement < tol) break;
  }
  return x;
}

function direction(g: Float64Array, s: Float64Array[], y: Float64Array[], rho: number[], d: Float64Array): void {
  const n = g.length;
  for (let i = 0; i < n; i++) d[i] = -g[i];
  const alpha = new Array<number>(s.length);
  for (let k = s.length - 1; k >= 0; k--) {
    alpha[k] = rho[k] * dot(s[k], d);
    axpy(-alpha[k], y[k], d);
  }
  if (s.length) {
    const last = s.length - 1;
    const gamma = dot(s[last], y[last]) / dot(y[last], y[last]);
    for (let i = 0; i < n; i++) d[i] *= gamma;
  }
  for (let k = 0; k < s.length; k++) {
    const beta = rho[k] * dot(y[k], d);
    axpy(alpha[k] - beta, s[k], d);
  }
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < x.length; i++) y[i] += a * x[i];
}
