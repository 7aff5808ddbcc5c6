// npm run compose: writes schema/supergraph.graphql from schema/<subgraph>.graphql.
import { writeFileSync } from 'node:fs';
import { composeSupergraph, SUPERGRAPH_PATH } from '../src/composeSupergraph.ts';

try {
  const sdl = composeSupergraph();
  writeFileSync(SUPERGRAPH_PATH, sdl);
  console.log(`wrote ${SUPERGRAPH_PATH} (${sdl.length} bytes)`);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
