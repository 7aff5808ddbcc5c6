import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { composeSupergraph, SUPERGRAPH_PATH } from '../src/composeSupergraph.ts';
import { parseGatewayEnv } from '../src/config.ts';

describe('supergraph', () => {
  it('composes without errors and the committed schema/supergraph.graphql is up to date (run `npm run compose`)', () => {
    expect(readFileSync(SUPERGRAPH_PATH, 'utf8')).toBe(composeSupergraph());
  });

  it('links the four subgraphs by key', () => {
    const sdl = composeSupergraph();
    for (const name of ['CUSTOMER', 'PRODUCT', 'INVENTORY', 'OFFERS']) expect(sdl).toContain(`${name} @join__graph`);
    expect(sdl).toMatch(/type Product[^{]*@join__type\(graph: INVENTORY, key: "id"\)/);
  });
});

describe('gateway configuration', () => {
  it('defaults to the local subgraph ports and the Rust planner', () => {
    const env = parseGatewayEnv({});
    expect(env).toMatchObject({ PORT: 4000, QUERY_PLANNER: 'rust', CUSTOMER_URL: 'http://127.0.0.1:4001/graphql', OFFERS_URL: 'http://127.0.0.1:4004/graphql' });
  });

  it('rejects a subgraph URL that is not http(s) and an unknown planner', () => {
    expect(() => parseGatewayEnv({ PRODUCT_URL: 'ftp://x', QUERY_PLANNER: 'magic' })).toThrow(/PRODUCT_URL: must be an http:\/\/ or https:\/\/ URL[\s\S]*QUERY_PLANNER/);
  });
});
