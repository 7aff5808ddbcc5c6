// Loads a subgraph's SDL from schema/<name>.graphql: the schema folder is the one source of truth
// that both the subgraph and the supergraph composition read.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, type DocumentNode } from 'graphql';

export const SCHEMA_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'schema');

export function loadSubgraphSdl(name: string): DocumentNode {
  return parse(readFileSync(join(SCHEMA_DIR, `${name}.graphql`), 'utf8'));
}
