// Relay-style cursor pagination helpers. Cursors are opaque base64url strings of a JSON tuple.
import { badInput } from './errors.ts';

export const MAX_PAGE_SIZE = 100;

export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeCursor<T>(cursor: string, check: (v: unknown) => v is T): T {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badInput(`Cursor ${JSON.stringify(cursor)} is not one this API issued`, 'after');
  }
  if (!check(value)) throw badInput(`Cursor ${JSON.stringify(cursor)} is not one this API issued`, 'after');
  return value;
}

export function pageSize(first: number | null | undefined, fallback = 20): number {
  const n = first ?? fallback;
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE_SIZE) throw badInput(`first must be an integer from 1 to ${MAX_PAGE_SIZE}, got ${n}`, 'first');
  return n;
}
