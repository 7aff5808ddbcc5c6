// The federated gateway: Hive Gateway runtime over the composed supergraph, with the Rust query
// planner of @graphql-hive/router-runtime by default (see docs/BENCHMARKS.md for why). It reaches
// the subgraphs over HTTP only; their URLs come from configuration, not from the supergraph file.
//
// Tuned with `npm run bench:gateway` (numbers in docs/BENCHMARKS.md, ## Gateway):
// - one keep-alive agent for all subgraph calls (idle connections kept 60 s), whose socket
//   inactivity timeout during a call is the upstream timeout: no AbortSignal.timeout +
//   AbortSignal.any + Promise.race per subgraph call (what the runtime's upstreamTimeout option
//   costs), and no MaxListenersExceededWarning under load;
// - no in-flight deduplication of identical subgraph queries: it structuredClone()s every
//   subgraph result to share it, and our traffic is per shopper, so identical concurrent queries
//   are rare;
// - the parse/validate cache (Yoga) and the plan cache (per parsed document) are the runtime's
//   defaults and stay on; so does its per-request batching of calls to the same subgraph.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createGatewayRuntime, type GatewayRuntime } from '@graphql-hive/gateway-runtime';
import { unifiedGraphHandler } from '@graphql-hive/router-runtime';
import httpTransport from '@graphql-mesh/transport-http';
import { drainHttpServer, runOnce, untracked, type ShutdownStep } from '@retail/platform';
import type { SubgraphName } from './composeSupergraph.ts';
import { useGraphiQLPage } from './graphiql.ts';

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
  /** Stops accepting, finishes the requests in flight, then disposes of the runtime. Safe to call more than once. */
  stop(step?: ShutdownStep): Promise<void>;
}

export interface GatewayServer {
  runtime: GatewayRuntime;
  listen(port?: number, host?: string): Promise<RunningGateway>;
}

/** How long an idle pooled connection to a subgraph is kept: below the subgraphs' 65 s keep-alive, so they never close one under us. */
const IDLE_SOCKET_MS = 60_000;

/**
 * Keep-alive HTTP agent for subgraph calls. While a connection carries a call, `timeoutMs` without
 * data from the subgraph (a hung subgraph) destroys it: that call fails with a GraphQL error
 * naming the subgraph, and the rest of the response is still served. Idle, a connection is kept
 * for IDLE_SOCKET_MS, so a lull in traffic does not cost new connections.
 */
export class SubgraphAgent extends http.Agent {
  constructor(
    readonly timeoutMs: number,
    idleMs = IDLE_SOCKET_MS,
  ) {
    super({ keepAlive: true, keepAliveMsecs: 15_000, maxSockets: Infinity, maxFreeSockets: 256, scheduling: 'lifo', timeout: idleMs });
  }

  /** A new connection: it is about to carry a call. */
  override createConnection(...args: Parameters<http.Agent['createConnection']>): ReturnType<http.Agent['createConnection']> {
    const socket = super.createConnection(...args) as Socket;
    socket.setTimeout(this.timeoutMs);
    socket.on('timeout', () => socket.destroy(new Error(`no response from the subgraph within ${this.timeoutMs} ms (upstream timeout)`)));
    return socket;
  }

  /** A pooled connection taken for a call (Node set its timeout back to the idle one when it was freed). */
  override reuseSocket(socket: Socket, request: http.ClientRequest): void {
    super.reuseSocket(socket, request);
    socket.setTimeout(this.timeoutMs);
  }
}

const GRAPHQL_ENDPOINT = '/graphql';

export function createServer(options: GatewayOptions): GatewayServer {
  const subgraphAgent = new SubgraphAgent(options.upstreamTimeoutMs ?? 10_000);
  const runtime = createGatewayRuntime({
    supergraph: options.supergraphSdl,
    ...(options.planner === 'javascript' ? {} : { unifiedGraphHandler }),
    transports: { http: httpTransport },
    transportEntries: Object.fromEntries(
      Object.entries(options.subgraphUrls).map(([name, location]) => [name, { location, options: { deduplicateInflightRequests: false } }]),
    ),
    plugins: () => [
      useGraphiQLPage({ title: 'Retail personalization graph', graphqlEndpoint: GRAPHQL_ENDPOINT }),
      {
        onFetch({ options: init, setOptions, executionRequest }) {
          // Long-lived subscription streams (later work) must not get the inactivity timeout: they keep Node's default agent.
          if (executionRequest?.operationType === 'subscription') return;
          // The executor's abort signal only fires on dispose, and stop() destroys the agent's sockets
          // anyway. Dropped, so Node does not hang one listener per in-flight call on that one signal
          // (a MaxListenersExceededWarning past 10 concurrent calls to a subgraph).
          setOptions({ ...init, signal: undefined, agent: subgraphAgent } as typeof init);
        },
      },
    ],
    logging: options.logLevel ?? 'warn',
    graphqlEndpoint: GRAPHQL_ENDPOINT,
    healthCheckEndpoint: '/healthcheck',
    readinessCheckEndpoint: '/readiness',
    landingPage: false,
    graphiql: false, // useGraphiQLPage serves it, with no CDN (see graphiql.ts)
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
        stop: runOnce(async (step: ShutdownStep = untracked) => {
          await step('gateway: requests in flight', () => drainHttpServer(server)); // idle keep-alive connections close at once
          await step('gateway: runtime', async () => {
            await runtime.dispose();
            subgraphAgent.destroy();
          });
        }),
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
