// Child process of the gateway benchmark: runs ONE gateway candidate in front of the subgraphs, so
// the parent can read this process's CPU time per request exactly. BENCH_CANDIDATE picks it,
// BENCH_SUBGRAPH_URLS (JSON) says where the subgraphs are.
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { createGatewayRuntime, useCustomFetch } from '@graphql-hive/gateway-runtime';
import { unifiedGraphHandler } from '@graphql-hive/router-runtime';
import httpTransport from '@graphql-mesh/transport-http';
import { SUPERGRAPH_PATH, type SubgraphName } from '../src/composeSupergraph.ts';
import { createServer, SubgraphAgent } from '../src/createServer.ts';
import { createFloorGateway } from './floorGateway.ts';
import { reportFailure, serveParent } from './ipc.ts';
import { CANDIDATES, type Candidate } from './workload.ts';

interface Running {
  url: string;
  stop(): Promise<void>;
}

/** Option values that JSON cannot carry, for BENCH_VARIANTS experiments. */
const SPECIAL_VALUES: Record<string, () => unknown> = {
  $keepAliveAgent: () => {
    const agent = new http.Agent({ keepAlive: true, keepAliveMsecs: 60_000, maxSockets: Infinity, maxFreeSockets: 256, scheduling: 'lifo', timeout: 60_000 });
    return () => agent;
  },
  $nativeFetch: () => () => [useCustomFetch(globalThis.fetch as never)],
  // What gateway/src/createServer.ts does for subgraph calls (with upstreamTimeout: null and deduplicateInflightRequests: false).
  $tunedFetch: () => tunedFetch(new SubgraphAgent(10_000)),
  $tunedFetchIdle10: () => tunedFetch(new SubgraphAgent(10_000, 10_000)),
};

function tunedFetch(agent: SubgraphAgent) {
  return () => [
    {
      onFetch({ options, setOptions }: { options: Record<string, unknown>; setOptions(o: Record<string, unknown>): void }) {
        setOptions({ ...options, signal: undefined, agent });
      },
    },
  ];
}

/**
 * The gateway as it was configured before the benchmark's tuning (commit eb8f3b7), kept here so
 * every run measures the before/after of the tuning in gateway/src/createServer.ts.
 */
async function startUntunedHive(supergraphSdl: string, subgraphUrls: Record<string, string>, overrides: Record<string, unknown> = {}): Promise<Running> {
  const config: Record<string, unknown> = {
    supergraph: supergraphSdl,
    unifiedGraphHandler,
    transports: { http: httpTransport },
    transportEntries: Object.fromEntries(Object.entries(subgraphUrls).map(([name, location]) => [name, { location }])),
    upstreamTimeout: 10_000,
    logging: 'warn',
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/healthcheck',
    readinessCheckEndpoint: '/readiness',
    landingPage: false,
    graphiql: { title: 'Retail personalization graph' },
    maskedErrors: false,
  };
  for (const [key, value] of Object.entries(overrides)) {
    if (key === 'transportOptions') {
      // Merged into every subgraph's transport entry options (buildHTTPExecutor options).
      config.transportEntries = Object.fromEntries(Object.entries(subgraphUrls).map(([name, location]) => [name, { location, options: value }]));
    } else if (value === null) delete config[key];
    else config[key] = typeof value === 'string' && value in SPECIAL_VALUES ? SPECIAL_VALUES[value]!() : value;
  }
  const runtime = createGatewayRuntime(config as unknown as Parameters<typeof createGatewayRuntime>[0]);
  const server = http.createServer(runtime);
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await runtime.dispose();
    },
  };
}

/** @apollo/gateway 2.14 on @apollo/server 5, from the same supergraph, subgraph URLs overridden per service. */
async function startApollo(supergraphSdl: string, subgraphUrls: Record<string, string>): Promise<Running> {
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) => new RemoteGraphQLDataSource({ url: subgraphUrls[name] ?? url }),
  });
  const server = new ApolloServer({ gateway, introspection: false });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
  return { url: new URL('/graphql', url).toString(), stop: () => server.stop() };
}

async function start(candidate: Candidate, subgraphUrls: Record<SubgraphName, string>): Promise<Running> {
  const supergraphSdl = readFileSync(SUPERGRAPH_PATH, 'utf8');
  switch (candidate) {
    case 'floor':
      return createFloorGateway({ subgraphUrls }).listen(0, '127.0.0.1');
    case 'hive-rust':
      return createServer({ supergraphSdl, subgraphUrls, planner: 'rust', logLevel: 'error' }).listen(0, '127.0.0.1');
    case 'hive-js':
      return createServer({ supergraphSdl, subgraphUrls, planner: 'javascript', logLevel: 'error' }).listen(0, '127.0.0.1');
    case 'hive-rust-untuned':
      return startUntunedHive(supergraphSdl, subgraphUrls);
    case 'apollo':
      return startApollo(supergraphSdl, subgraphUrls);
    default: {
      // Tuning experiments: x-name from BENCH_VARIANTS, the untuned configuration plus overrides.
      const variants = JSON.parse(process.env.BENCH_VARIANTS ?? '{}') as Record<string, Record<string, unknown>>;
      const { nodeArgs: _nodeArgs, base, ...overrides } = variants[candidate] ?? {};
      if (!variants[candidate]) throw new Error(`no BENCH_VARIANTS entry for ${candidate}`);
      // base "tuned": ours as configured in createServer (only nodeArgs vary); otherwise the untuned configuration plus overrides.
      if (base === 'tuned') return createServer({ supergraphSdl, subgraphUrls, planner: 'rust', logLevel: 'error' }).listen(0, '127.0.0.1');
      return startUntunedHive(supergraphSdl, subgraphUrls, overrides);
    }
  }
}

try {
  const candidate = process.env.BENCH_CANDIDATE as Candidate;
  if (!CANDIDATES.includes(candidate) && !String(candidate).startsWith('x-')) throw new Error(`BENCH_CANDIDATE must be one of ${CANDIDATES.join(', ')}, got ${candidate}`);
  const subgraphUrls = JSON.parse(process.env.BENCH_SUBGRAPH_URLS ?? '{}') as Record<SubgraphName, string>;
  const t0 = Date.now();
  const running = await start(candidate, subgraphUrls);
  serveParent(() => running.stop());
  process.send!({ type: 'ready', url: running.url, startMs: Date.now() - t0 });
} catch (error) {
  await reportFailure(error);
}
