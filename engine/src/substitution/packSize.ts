// Pack sizes as printed on products ("500 g", "1 l", "250 ml", "2 x 100 g", "6 pack"), parsed to
// an amount in a base unit (grams, millilitres or items) so two sizes can be compared. Anything
// the parser does not recognise is unknown (null), never an error: sizes are catalogue data.

export type SizeDimension = 'mass' | 'volume' | 'count';

export interface PackSize {
  /** Total amount in the base unit of its dimension: grams, millilitres or items. */
  amount: number;
  dimension: SizeDimension;
}

/** Base-unit factor and dimension per unit spelling (lower case, no trailing dot). */
const UNITS: Readonly<Record<string, readonly [number, SizeDimension]>> = {
  mg: [0.001, 'mass'],
  g: [1, 'mass'],
  gr: [1, 'mass'],
  kg: [1000, 'mass'],
  oz: [28.349523125, 'mass'],
  lb: [453.59237, 'mass'],
  lbs: [453.59237, 'mass'],
  ml: [1, 'volume'],
  cl: [10, 'volume'],
  dl: [100, 'volume'],
  l: [1000, 'volume'],
  'fl oz': [29.5735295625, 'volume'],
  pack: [1, 'count'],
  pk: [1, 'count'],
  pc: [1, 'count'],
  pcs: [1, 'count'],
  piece: [1, 'count'],
  pieces: [1, 'count'],
  ct: [1, 'count'],
  count: [1, 'count'],
  unit: [1, 'count'],
  units: [1, 'count'],
};

const NUMBER = String.raw`(\d+(?:\.\d+)?)`;
const UNIT = String.raw`(fl oz|[a-z]+)`;
/** "500 g", "1.5kg" */
const SINGLE = new RegExp(`^${NUMBER}\\s*${UNIT}$`);
/** "2 x 100 g" (count first) */
const COUNT_FIRST = new RegExp(`^(\\d+)\\s*x\\s*${NUMBER}\\s*${UNIT}$`);
/** "100 g x 2" (count last) */
const COUNT_LAST = new RegExp(`^${NUMBER}\\s*${UNIT}\\s*x\\s*(\\d+)$`);

function amountOf(quantity: string, unit: string, multiple: number): PackSize | null {
  const spec = UNITS[unit];
  if (!spec) return null;
  const amount = Number(quantity) * spec[0] * multiple;
  return amount > 0 && Number.isFinite(amount) ? { amount, dimension: spec[1] } : null;
}

/** Parses a printed pack size; null when it is missing or not recognised. */
export function parsePackSize(text: string | null | undefined): PackSize | null {
  if (typeof text !== 'string') return null;
  const s = text
    .trim()
    .toLowerCase()
    .replace(/(\d),(\d)/g, '$1.$2') // decimal comma: "1,5 l"
    .replace(/[×*]/g, 'x')
    .replace(/\.$/, '')
    .replace(/\s+/g, ' ');
  let m = COUNT_FIRST.exec(s);
  if (m) return amountOf(m[2]!, m[3]!, Number(m[1]));
  m = COUNT_LAST.exec(s);
  if (m) return amountOf(m[1]!, m[2]!, Number(m[3]));
  m = SINGLE.exec(s);
  if (m) return amountOf(m[1]!, m[2]!, 1);
  return null;
}

/** candidate ÷ original when both are known and of the same dimension (grams with grams); else null. */
export function packSizeRatio(candidate: PackSize | null, original: PackSize | null): number | null {
  if (!candidate || !original || candidate.dimension !== original.dimension) return null;
  return candidate.amount / original.amount;
}
