// Serves one federated subgraph over HTTP: Apollo Server (schema built with @apollo/subgraph) on a
// plain node:http server, with `/health` for liveness and readiness. Each subgraph's createServer
// builds on this; boot files only read env and call listen().
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, HeaderMap, type BaseContext } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import type { DocumentNode, GraphQLFormattedError } from 'graphql';
import { drainHttpServer } from './httpDrain.ts';
import { runOnce, untracked, type ShutdownStep } from './lifecycle.ts';
import { viewerFromHeaders, type Viewer } from './viewer.ts';

export interface RequestInfo {
  viewer: Viewer;
  headers: http.IncomingHttpHeaders;
}

export interface SubgraphServerOptions<C extends BaseContext> {
  name: string;
  typeDefs: DocumentNode;
  resolvers: GraphQLResolverMap<C>;
  /** Builds the per-request context (fresh DataLoaders live here). */
  context: (request: RequestInfo) => C | Promise<C>;
  /** Include stack traces in errors (development only). */
  debug?: boolean;
}

export interface RunningServer {
  name: string;
  url: string;
  port: number;
  /** Stops accepting, finishes the requests in flight, then stops what runs beside the server. Safe to call more than once. */
  stop(step?: ShutdownStep): Promise<void>;
}

export interface SubgraphServer {
  name: string;
  listen(port?: number, host?: string): Promise<RunningServer>;
}

export function createSubgraphServer<C extends BaseContext>(options: SubgraphServerOptions<C>): SubgraphServer {
  const apollo = new ApolloServer<C>({
    schema: buildSubgraphSchema([{ typeDefs: options.typeDefs, resolvers: options.resolvers as GraphQLResolverMap<unknown> }]),
    includeStacktraceInErrorResponses: options.debug ?? false,
    // Our resolvers throw GraphQLErrors with a code; anything else is a bug: keep the message, hide internals.
    formatError: (formatted: GraphQLFormattedError) => formatted,
    csrfPrevention: false, // only the gateway calls subgraphs
    plugins: [ApolloServerPluginInlineTraceDisabled()],
    // The boot file owns the signals (lifecycle.ts): Apollo's own handler would start a second
    // stop() that never settles and re-raise the signal.
    stopOnTerminationSignals: false,
  });

  return {
    name: options.name,
    async listen(port = 0, host = '127.0.0.1') {
      await apollo.start();
      const server = http.createServer((req, res) => {
        handle(req, res).catch((error) => {
          res.statusCode = 500;
          res.end(JSON.stringify({ errors: [{ message: (error as Error).message }] }));
        });
      });
      server.keepAliveTimeout = 65_000; // longer than the gateway's pool idle time, so sockets are reused

      async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
        const url = new URL(req.url ?? '/', 'http://localhost');
        if (url.pathname === '/health') {
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify({ status: 'ok', subgraph: options.name }));
          return;
        }
        if (url.pathname !== '/graphql') {
          res.statusCode = 404;
          res.end();
          return;
        }
        const chunks: Buffer[] = [];
        for await (const chunk of req) chunks.push(chunk as Buffer);
        const raw = Buffer.concat(chunks).toString('utf8');
        const headers = new HeaderMap();
        for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
        let body: unknown = undefined;
        if (raw) {
          try {
            body = JSON.parse(raw);
          } catch {
            res.statusCode = 400;
            res.setHeader('content-type', 'application/json');
            res.end(JSON.stringify({ errors: [{ message: 'Request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }] }));
            return;
          }
        }
        const response = await apollo.executeHTTPGraphQLRequest({
          httpGraphQLRequest: { method: (req.method ?? 'GET').toUpperCase(), headers, search: url.search, body },
          context: async () => options.context({ viewer: viewerFromHeaders(req.headers), headers: req.headers }),
        });
        res.statusCode = response.status ?? 200;
        for (const [k, v] of response.headers) res.setHeader(k, v);
        if (response.body.kind === 'complete') {
          res.end(response.body.string);
        } else {
          for await (const chunk of response.body.asyncIterator) res.write(chunk);
          res.end();
        }
      }

      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve());
      });
      const address = server.address() as AddressInfo;
      const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${address.port}/graphql`;
      return {
        name: options.name,
        url,
        port: address.port,
        stop: runOnce(async (step: ShutdownStep = untracked) => {
          await step(`${options.name}: requests in flight`, () => drainHttpServer(server));
          await step(`${options.name}: Apollo Server`, () => apollo.stop());
        }),
      };
    },
  };
}

/** What runs beside a subgraph's server (event consumers, timers): started before it listens, stopped after it. */
export interface BackgroundWork {
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** A server whose listen() starts `work` first and whose stop() stops it last; a failed listen stops it too. */
export function withBackgroundWork(server: SubgraphServer, work: BackgroundWork): SubgraphServer {
  return {
    name: server.name,
    async listen(port, host) {
      await work.start();
      try {
        const running = await server.listen(port, host);
        return {
          ...running,
          stop: runOnce(async (step: ShutdownStep = untracked) => {
            await running.stop(step);
            await step(`${server.name}: background work`, () => work.stop());
          }),
        };
      } catch (error) {
        await work.stop();
        throw error;
      }
    },
  };
}
