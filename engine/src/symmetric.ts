// Symmetric d×d matrices stored packed: the upper triangle row by row, d(d+1)/2 numbers. Half
// the memory of a full matrix, and the quadratic form xᵀMx — the exploration width, computed for
// every candidate on every request — takes half the multiplications. Entries of x that are 0
// (one-hot features) skip their whole row.
import { Matrix, inverse } from 'ml-matrix';

export const packedLength = (d: number) => (d * (d + 1)) / 2;

/** Offset of row i's diagonal entry (i, i) in the packed array. */
export const rowOffset = (i: number, d: number) => i * d - (i * (i - 1)) / 2;

export function packedIdentity(d: number, scale = 1): Float64Array {
  const m = new Float64Array(packedLength(d));
  for (let i = 0; i < d; i++) m[rowOffset(i, d)] = scale;
  return m;
}

/** xᵀMx, reading x from x[xOffset … xOffset + d). */
export function packedQuadraticForm(m: Float64Array, x: ArrayLike<number>, d: number, xOffset = 0): number {
  let total = 0;
  let base = 0;
  for (let i = 0; i < d; i++) {
    const xi = x[xOffset + i]!;
    if (xi !== 0) {
      let off = 0;
      for (let j = i + 1, k = base + 1; j < d; j++, k++) off += m[k]! * x[xOffset + j]!;
      total += xi * (m[base]! * xi + 2 * off);
    }
    base += d - i;
  }
  return total;
}

/** out = M x */
export function packedMatVec(m: Float64Array, x: ArrayLike<number>, d: number, out: Float64Array): Float64Array {
  out.fill(0, 0, d);
  let base = 0;
  for (let i = 0; i < d; i++) {
    const xi = x[i]!;
    let si = m[base]! * xi;
    for (let j = i + 1, k = base + 1; j < d; j++, k++) {
      const mij = m[k]!;
      si += mij * x[j]!;
      out[j]! += mij * xi;
    }
    out[i]! += si;
    base += d - i;
  }
  return out;
}

/** M += scale · x xᵀ */
export function packedAddOuter(m: Float64Array, x: ArrayLike<number>, d: number, scale = 1): void {
  let base = 0;
  for (let i = 0; i < d; i++) {
    const xi = x[i]! * scale;
    if (xi !== 0) for (let j = i, k = base; j < d; j++, k++) m[k]! += xi * x[j]!;
    base += d - i;
  }
}

/** Sherman–Morrison in place: M⁻¹ ← (M + x xᵀ)⁻¹ given M⁻¹, in O(d²). `u` holds d numbers. */
export function packedShermanMorrison(inv: Float64Array, x: ArrayLike<number>, d: number, u: Float64Array): void {
  packedMatVec(inv, x, d, u);
  let denom = 1;
  for (let i = 0; i < d; i++) denom += x[i]! * u[i]!;
  packedAddOuter(inv, u, d, -1 / denom);
}

export function unpack(m: Float64Array, d: number): Matrix {
  const out = new Matrix(d, d);
  let k = 0;
  for (let i = 0; i < d; i++) {
    for (let j = i; j < d; j++, k++) {
      out.set(i, j, m[k]!);
      out.set(j, i, m[k]!);
    }
  }
  return out;
}

export function pack(m: Matrix, out: Float64Array = new Float64Array(packedLength(m.rows))): Float64Array {
  const d = m.rows;
  let k = 0;
  // Average the two triangles: round-off leaves tiny asymmetries that would grow through updates.
  for (let i = 0; i < d; i++) for (let j = i; j < d; j++, k++) out[k] = (m.get(i, j) + m.get(j, i)) / 2;
  return out;
}

/** Inverse of a packed symmetric positive-definite matrix, with ml-matrix (re-anchors drift). */
export function packedInverse(m: Float64Array, d: number, out?: Float64Array): Float64Array {
  return pack(inverse(unpack(m, d)), out);
}
