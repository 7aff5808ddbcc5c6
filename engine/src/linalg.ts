// Dense linear algebra on flat row-major Float64Arrays, for the per-request hot path (scoring,
// rank-1 updates). ml-matrix does the algebra that is not per request (full inversions).
import { Matrix, inverse } from 'ml-matrix';

/** xᵀ M x for a symmetric d×d matrix M. */
export function quadraticForm(m: Float64Array, x: ArrayLike<number>, d: number): number {
  let total = 0;
  for (let i = 0; i < d; i++) {
    const xi = x[i]!;
    if (xi === 0) continue;
    let row = 0;
    const base = i * d;
    for (let j = 0; j < d; j++) row += m[base + j]! * x[j]!;
    total += xi * row;
  }
  return total;
}

export function dot(a: ArrayLike<number>, b: ArrayLike<number>, d: number): number {
  let s = 0;
  for (let i = 0; i < d; i++) s += a[i]! * b[i]!;
  return s;
}

/** out = M x (M is rows×cols). */
export function matVec(m: Float64Array, x: ArrayLike<number>, rows: number, cols: number, out: Float64Array): Float64Array {
  for (let i = 0; i < rows; i++) {
    let s = 0;
    const base = i * cols;
    for (let j = 0; j < cols; j++) s += m[base + j]! * x[j]!;
    out[i] = s;
  }
  return out;
}

/**
 * Sherman–Morrison: given M⁻¹ (symmetric), replaces it in place by (M + x xᵀ)⁻¹ in O(d²).
 * `scratch` must hold d numbers.
 */
export function shermanMorrisonUpdate(inv: Float64Array, x: ArrayLike<number>, d: number, scratch: Float64Array): void {
  const u = matVec(inv, x, d, d, scratch); // u = M⁻¹x
  const denom = 1 + dot(x, u, d);
  for (let i = 0; i < d; i++) {
    const ui = u[i]! / denom;
    if (ui === 0) continue;
    const base = i * d;
    for (let j = 0; j < d; j++) inv[base + j]! -= ui * u[j]!;
  }
}

/** M += x xᵀ */
export function addOuter(m: Float64Array, x: ArrayLike<number>, d: number, scale = 1): void {
  for (let i = 0; i < d; i++) {
    const xi = x[i]! * scale;
    if (xi === 0) continue;
    const base = i * d;
    for (let j = 0; j < d; j++) m[base + j]! += xi * x[j]!;
  }
}

export function identity(d: number, scale = 1): Float64Array {
  const m = new Float64Array(d * d);
  for (let i = 0; i < d; i++) m[i * d + i] = scale;
  return m;
}

function toMatrix(m: Float64Array, rows: number, cols: number): Matrix {
  const out = new Matrix(rows, cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out.set(i, j, m[i * cols + j]!);
  return out;
}

function fromMatrix(m: Matrix, out: Float64Array = new Float64Array(m.rows * m.columns)): Float64Array {
  for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.columns; j++) out[i * m.columns + j] = m.get(i, j);
  return out;
}

/** Inverts a symmetric positive-definite d×d matrix with ml-matrix (to re-anchor Sherman–Morrison drift). */
export function invert(m: Float64Array, d: number, out: Float64Array = new Float64Array(d * d)): Float64Array {
  const inv = inverse(toMatrix(m, d, d));
  fromMatrix(inv, out);
  // Symmetrise: round-off leaves tiny asymmetries that would grow through later updates.
  for (let i = 0; i < d; i++) for (let j = i + 1; j < d; j++) {
    const v = (out[i * d + j]! + out[j * d + i]!) / 2;
    out[i * d + j] = v;
    out[j * d + i] = v;
  }
  return out;
}
