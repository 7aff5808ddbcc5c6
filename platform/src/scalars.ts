// Scalars shared by every subgraph, so a DateTime means the same thing wherever it appears.
import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

// ISO-8601 date-time with an explicit zone (Z or ±hh:mm); a zone-less time would be read in the server's zone.
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-](\d{2}):(\d{2}))$/;

const invalidDateTime = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });

/** Parses a DateTime input strictly: real calendar dates only (no 2026-02-31 rolling over to March). */
export function parseDateTime(value: unknown): Date {
  if (typeof value !== 'string') throw invalidDateTime(`DateTime must be an ISO-8601 string such as 2026-11-23T09:30:00.000Z, got ${typeof value}`);
  const m = ISO_DATE_TIME.exec(value);
  if (!m) throw invalidDateTime(`DateTime must be an ISO-8601 date-time with a zone, such as 2026-11-23T09:30:00.000Z, got ${JSON.stringify(value.slice(0, 64))}`);
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const daysInMonth = month >= 1 && month <= 12 ? new Date(Date.UTC(year, month, 0)).getUTCDate() : 0;
  const offsetOk = m[9] === undefined || (Number(m[9]) <= 14 && Number(m[10]) <= 59);
  const date = new Date(value.replace(' ', 'T'));
  if (day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 59 || !offsetOk || Number.isNaN(date.getTime())) {
    throw invalidDateTime(`DateTime ${JSON.stringify(value)} is not a valid date-time`);
  }
  return date;
}

export const DateTime = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'An ISO-8601 date-time in UTC, e.g. 2026-11-23T09:30:00.000Z.',
  serialize: (v) => {
    const date = v instanceof Date ? v : typeof v === 'string' || typeof v === 'number' ? new Date(v) : null;
    if (!date || Number.isNaN(date.getTime())) throw new GraphQLError(`DateTime cannot represent ${String(v)}`);
    return date.toISOString();
  },
  parseValue: parseDateTime,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw invalidDateTime(`DateTime must be a string, got a ${ast.kind} literal`);
    return parseDateTime(ast.value);
  },
});
