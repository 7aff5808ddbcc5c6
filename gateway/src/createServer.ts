// The federated gateway: Hive Gateway runtime over the composed supergraph, with the Rust query
// planner of @graphql-hive/router-runtime by default (see docs/BENCHMARKS.md for why). It reaches
// the subgraphs over HTTP only; their URLs come from configuration, not from the supergraph file.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGatewayRuntime, type GatewayRuntime } from '@graphql-hive/gateway-runtime';
import { unifiedGraphHandler } from '@graphql-hive/router-runtime';
import httpTransport from '@graphql-mesh/transport-http';
import type { SubgraphName } from './composeSupergraph.ts';

export type QueryPlanner = 'rust' | 'javascript';

export interface GatewayOptions {
  supergraphSdl: string;
  subgraphUrls: Record<SubgraphName, string>;
  planner?: QueryPlanner;
  /** Upstream request timeout, so one hung subgraph cannot hold a request forever. */
  upstreamTimeoutMs?: number;
  /** Reject operations nested deeper than this. */
  maxDepth?: number;
  logLevel?: 'debug' | 'info' | 'warn' | 'error' | false;
}

export interface RunningGateway {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export interface GatewayServer {
  runtime: GatewayRuntime;
  listen(port?: number, host?: string): Promise<RunningGateway>;
}

export function createServer(options: GatewayOptions): GatewayServer {
  const runtime = createGatewayRuntime({
    supergraph: options.supergraphSdl,
    ...(options.planner === 'javascript' ? {} : { unifiedGraphHandler }),
    transports: { http: httpTransport },
    transportEntries: Object.fromEntries(Object.entries(options.subgraphUrls).map(([name, location]) => [name, { location }])),
    upstreamTimeout: options.upstreamTimeoutMs ?? 10_000,
    logging: options.logLevel ?? 'warn',
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/healthcheck',
    readinessCheckEndpoint: '/readiness',
    landingPage: false,
    graphiql: { title: 'Retail personalization graph' },
    maskedErrors: false,
  });

  return {
    runtime,
    async listen(port = 4000, host = '127.0.0.1') {
      const server = http.createServer(runtime);
      server.keepAliveTimeout = 65_000;
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve());
      });
      const address = server.address() as AddressInfo;
      const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${address.port}/graphql`;
      await waitUntilReady(url);
      return {
        url,
        port: address.port,
        async stop() {
          await new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
          });
          await runtime.dispose();
        },
      };
    },
  };
}

/** The query planner loads asynchronously (the Rust one takes seconds): wait before taking traffic. */
async function waitUntilReady(graphqlUrl: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      if (response.ok) return;
      lastError = `HTTP ${response.status}`;
    } catch (error) {
      lastError = String(error);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Gateway was not ready after ${timeoutMs} ms: ${lastError}`);
}
