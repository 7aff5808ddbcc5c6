// The launcher benchmarks' GraphQL client: POSTs over one keep-alive agent (connections reused
// across requests, as a frontend's or a BFF's client would), on the gateway bench's HTTP client.
import { assertLoopback, keepAliveAgent, postJson } from '../../gateway/bench/httpClient.ts';

/** How long a request may take before it fails (the launcher benches' own; the gateway bench's client defaults to 30 s). */
const TIMEOUT_MS = 60_000;

export interface GraphQLResponse<T = any> {
  data?: T;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/** A GraphQL client on one keep-alive agent; `request` throws on HTTP or GraphQL errors. */
export function graphqlClient(url: string, maxSockets = 8) {
  assertLoopback(url);
  const target = new URL(url);
  const agent = keepAliveAgent(maxSockets);
  return {
    raw: <T = any>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>> => postJson<GraphQLResponse<T>>(target, { query, variables }, agent, TIMEOUT_MS),
    async request<T = any>(query: string, variables?: Record<string, unknown>): Promise<T> {
      const r = await this.raw<T>(query, variables);
      if (r.errors?.length || !r.data) throw new Error(`GraphQL error from ${url}: ${JSON.stringify(r.errors ?? r).slice(0, 500)}`);
      return r.data;
    },
    close: () => agent.destroy(),
  };
}
