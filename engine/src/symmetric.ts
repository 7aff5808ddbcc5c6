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

/** The rows packedQuadraticForm works on (those where x is non-zero); grows with d. */
let nonzeroRows = new Int32Array(64);

/**
 * xᵀMx, reading x from x[xOffset … xOffset + d): Σᵢ xᵢ(Mᵢᵢxᵢ + 2 Σⱼ₍ⱼ₎ᵢ₎ Mᵢⱼxⱼ) over the rows where
 * xᵢ ≠ 0, in row order, each inner sum in column order. The inner sums of four rows are
 * independent, so they are computed side by side (the processor overlaps them instead of waiting
 * on one); every term and the order of every sum are those of the plain row-by-row loop
 * (packedQuadraticFormReference), so the result is the same to the last bit.
 */
export function packedQuadraticForm(m: Float64Array, x: ArrayLike<number>, d: number, xOffset = 0): number {
  if (nonzeroRows.length < d) nonzeroRows = new Int32Array(d);
  const rows = nonzeroRows;
  let r = 0;
  for (let i = 0; i < d; i++) if (x[xOffset + i] !== 0) rows[r++] = i;
  let total = 0;
  let g = 0;
  for (; g + 4 <= r; g += 4) {
    const i0 = rows[g]!;
    const i1 = rows[g + 1]!;
    const i2 = rows[g + 2]!;
    const i3 = rows[g + 3]!;
    // entry (i, j ≥ i) of M is m[rowOffset(i, d) − i + j]
    const s0 = rowOffset(i0, d) - i0;
    const s1 = rowOffset(i1, d) - i1;
    const s2 = rowOffset(i2, d) - i2;
    const s3 = rowOffset(i3, d) - i3;
    let f0 = 0;
    let f1 = 0;
    let f2 = 0;
    let f3 = 0;
    let j = i0 + 1;
    for (; j <= i1; j++) f0 += m[s0 + j]! * x[xOffset + j]!;
    for (; j <= i2; j++) {
      const xj = x[xOffset + j]!;
      f0 += m[s0 + j]! * xj;
      f1 += m[s1 + j]! * xj;
    }
    for (; j <= i3; j++) {
      const xj = x[xOffset + j]!;
      f0 += m[s0 + j]! * xj;
      f1 += m[s1 + j]! * xj;
      f2 += m[s2 + j]! * xj;
    }
    for (; j < d; j++) {
      const xj = x[xOffset + j]!;
      f0 += m[s0 + j]! * xj;
      f1 += m[s1 + j]! * xj;
      f2 += m[s2 + j]! * xj;
      f3 += m[s3 + j]! * xj;
    }
    const a0 = x[xOffset + i0]!;
    const a1 = x[xOffset + i1]!;
    const a2 = x[xOffset + i2]!;
    const a3 = x[xOffset + i3]!;
    total += a0 * (m[s0 + i0]! * a0 + 2 * f0);
    total += a1 * (m[s1 + i1]! * a1 + 2 * f1);
    total += a2 * (m[s2 + i2]! * a2 + 2 * f2);
    total += a3 * (m[s3 + i3]! * a3 + 2 * f3);
  }
  for (; g < r; g++) {
    const i = rows[g]!;
    const s = rowOffset(i, d) - i;
    let off = 0;
    for (let j = i + 1; j < d; j++) off += m[s + j]! * x[xOffset + j]!;
    const xi = x[xOffset + i]!;
    total += xi * (m[s + i]! * xi + 2 * off);
  }
  return total;
}

/** xᵀMx as the plain row-by-row loop: what packedQuadraticForm must equal, bit for bit (tests). */
export function packedQuadraticFormReference(m: Float64Array, x: ArrayLike<number>, d: number, xOffset = 0): number {
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

/**
 * The packed principal submatrix of M on the rows and columns `index` (ascending), written to
 * out[0 … u(u+1)/2) with u = index.length.
 */
export function packedSubmatrix(m: Float64Array, d: number, index: ArrayLike<number>, u: number, out: Float64Array): Float64Array {
  let k = 0;
  for (let p = 0; p < u; p++) {
    const i = index[p]!;
    const row = rowOffset(i, d) - i; // entry (i, j) of M is m[row + j] for j ≥ i
    for (let q = p; q < u; q++) out[k++] = m[row + index[q]!]!;
  }
  return out;
}

export function allFinite(v: ArrayLike<number>, length = v.length): boolean {
  for (let i = 0; i < length; i++) if (!Number.isFinite(v[i]!)) return false;
  return true;
}

/**
 * xᵀMx of eight vectors at once, each exactly as packedQuadraticForm computes it (the same terms
 * in the same order: eight independent sums, which the processor overlaps instead of waiting on
 * one). The vectors are interleaved: element j of vector l is x[8j + l]. Writes the eight to out[0 … 8).
 */
export function packedQuadraticForm8(m: Float64Array, x: Float64Array, d: number, out: Float64Array): Float64Array {
  let t0 = 0;
  let t1 = 0;
  let t2 = 0;
  let t3 = 0;
  let t4 = 0;
  let t5 = 0;
  let t6 = 0;
  let t7 = 0;
  let base = 0;
  for (let i = 0; i < d; i++) {
    const xi = 8 * i;
    const a0 = x[xi]!;
    const a1 = x[xi + 1]!;
    const a2 = x[xi + 2]!;
    const a3 = x[xi + 3]!;
    const a4 = x[xi + 4]!;
    const a5 = x[xi + 5]!;
    const a6 = x[xi + 6]!;
    const a7 = x[xi + 7]!;
    if (a0 !== 0 || a1 !== 0 || a2 !== 0 || a3 !== 0 || a4 !== 0 || a5 !== 0 || a6 !== 0 || a7 !== 0) {
      let f0 = 0;
      let f1 = 0;
      let f2 = 0;
      let f3 = 0;
      let f4 = 0;
      let f5 = 0;
      let f6 = 0;
      let f7 = 0;
      for (let j = xi + 8, k = base + 1, end = base + d - i; k < end; j += 8, k++) {
        const mk = m[k]!;
        f0 += mk * x[j]!;
        f1 += mk * x[j + 1]!;
        f2 += mk * x[j + 2]!;
        f3 += mk * x[j + 3]!;
        f4 += mk * x[j + 4]!;
        f5 += mk * x[j + 5]!;
        f6 += mk * x[j + 6]!;
        f7 += mk * x[j + 7]!;
      }
      const mii = m[base]!;
      if (a0 !== 0) t0 += a0 * (mii * a0 + 2 * f0);
      if (a1 !== 0) t1 += a1 * (mii * a1 + 2 * f1);
      if (a2 !== 0) t2 += a2 * (mii * a2 + 2 * f2);
      if (a3 !== 0) t3 += a3 * (mii * a3 + 2 * f3);
      if (a4 !== 0) t4 += a4 * (mii * a4 + 2 * f4);
      if (a5 !== 0) t5 += a5 * (mii * a5 + 2 * f5);
      if (a6 !== 0) t6 += a6 * (mii * a6 + 2 * f6);
      if (a7 !== 0) t7 += a7 * (mii * a7 + 2 * f7);
    }
    base += d - i;
  }
  out[0] = t0;
  out[1] = t1;
  out[2] = t2;
  out[3] = t3;
  out[4] = t4;
  out[5] = t5;
  out[6] = t6;
  out[7] = t7;
  return out;
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
