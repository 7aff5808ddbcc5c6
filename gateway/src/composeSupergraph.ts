// Composes the supergraph from the subgraph SDLs in schema/. The routing URLs written into the
// supergraph are defaults; the gateway overrides them from its configuration at start.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';

export const SCHEMA_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'schema');
export const SUPERGRAPH_PATH = join(SCHEMA_DIR, 'supergraph.graphql');
export const SUBGRAPH_NAMES = ['customer', 'product', 'inventory', 'offers'] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];

export const DEFAULT_SUBGRAPH_PORTS: Record<SubgraphName, number> = { customer: 4001, product: 4002, inventory: 4003, offers: 4004 };

export function defaultSubgraphUrl(name: SubgraphName): string {
  return `http://127.0.0.1:${DEFAULT_SUBGRAPH_PORTS[name]}/graphql`;
}

export function composeSupergraph(): string {
  const result = composeServices(
    SUBGRAPH_NAMES.map((name) => ({
      name,
      url: defaultSubgraphUrl(name),
      typeDefs: parse(readFileSync(join(SCHEMA_DIR, `${name}.graphql`), 'utf8')),
    })),
  );
  if (result.errors && result.errors.length > 0) {
    throw new Error(`Composition failed:\n${result.errors.map((e) => `  - ${e.message}`).join('\n')}`);
  }
  return result.supergraphSdl!;
}
