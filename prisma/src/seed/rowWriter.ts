// Writes rows into a table in bulk, two ways:
//   copy:   COPY … FROM '/dev/blob' in text format (embedded PGlite; the fastest path measured)
//   insert: INSERT … SELECT … FROM unnest($1::text[], …), one array parameter per column, so a
//           batch of thousands of rows is one statement with as many parameters as columns
//           (works on both Postgres and PGlite).
// Values are encoded to Postgres text input once; the database casts them to the column types.
import type { SqlRunner } from '../database.ts';
import { compileCopyEncoder, encodeValue, type CopyEncoder } from './copyText.ts';
import type { ColumnType, TableSpec } from './tables.ts';

export type WriteMethod = 'copy' | 'insert';
type Runner = Omit<SqlRunner, 'transaction'>;

interface CompiledTable {
  table: string;
  columns: (readonly [string, ColumnType])[];
  copySql: string;
  encodeCopy: CopyEncoder;
  insertSql: string;
}

function compile<R>(spec: TableSpec<R>): CompiledTable {
  const columns = Object.entries(spec.columns) as [string, ColumnType][];
  const columnList = columns.map(([name]) => `"${name}"`).join(', ');
  const casts = columns.map(([, type], i) => `c${i}::${type === 'timestamp' ? 'timestamp(3)' : type}`).join(', ');
  const unnest = columns.map((_, i) => `$${i + 1}::text[]`).join(', ');
  return {
    table: spec.table,
    columns,
    copySql: `COPY "${spec.table}" (${columnList}) FROM '/dev/blob'`,
    encodeCopy: compileCopyEncoder(columns),
    insertSql: `INSERT INTO "${spec.table}" (${columnList}) SELECT ${casts} FROM unnest(${unnest}) AS u(${columns.map((_, i) => `c${i}`).join(', ')})`,
  };
}

export interface RowWriter {
  readonly method: WriteMethod;
  /** Writes the rows (any number: the writer splits them into batches). */
  write<R>(spec: TableSpec<R>, rows: readonly R[]): Promise<void>;
}

export function createRowWriter(runner: Runner, method: WriteMethod): RowWriter {
  if (method === 'copy' && !runner.copyFrom) throw new Error('COPY needs the embedded database (this connection has no copyFrom)');
  const compiled = new Map<string, CompiledTable>();

  async function copy(t: CompiledTable, rows: readonly object[]): Promise<void> {
    await runner.copyFrom!(t.copySql, new Blob([t.encodeCopy(rows)]));
  }

  async function insert(t: CompiledTable, rows: readonly object[]): Promise<void> {
    const arrays = t.columns.map(([name, type]) =>
      rows.map((row) => {
        const value = (row as Record<string, unknown>)[name];
        return value === null || value === undefined ? null : encodeValue(type, value);
      }),
    );
    await runner.query(t.insertSql, arrays);
  }

  const batchSize = method === 'copy' ? 50_000 : 5_000;
  return {
    method,
    async write(spec, rows) {
      let t = compiled.get(spec.table);
      if (!t) compiled.set(spec.table, (t = compile(spec)));
      for (let from = 0; from < rows.length; from += batchSize) {
        const batch = rows.length <= batchSize ? rows : rows.slice(from, from + batchSize);
        try {
          await (method === 'copy' ? copy(t, batch as readonly object[]) : insert(t, batch as readonly object[]));
        } catch (error) {
          throw new Error(`Writing ${batch.length} row(s) into "${t.table}" failed: ${(error as Error).message}`, { cause: error });
        }
      }
    },
  };
}
