// A small JSON-over-HTTP POST client on node:http with a keep-alive agent (connections reused
// across requests, as a frontend's or a BFF's client would), for the launcher's benchmarks.
import http from 'node:http';

export function keepAliveAgent(maxSockets = 64): http.Agent {
  return new http.Agent({ keepAlive: true, keepAliveMsecs: 30_000, maxSockets, maxFreeSockets: maxSockets, scheduling: 'lifo' });
}

export function assertLoopback(url: string): void {
  const host = new URL(url).hostname;
  if (!/^127\.\d+\.\d+\.\d+$/.test(host) && host !== 'localhost' && host !== '[::1]') throw new Error(`refusing to load ${url}: benchmarks only target loopback`);
}

export function post(url: URL, body: string, agent: http.Agent, timeoutMs = 60_000): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const payload = Buffer.from(body);
    const req = http.request(
      { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', agent, headers: { 'content-type': 'application/json', accept: 'application/json', 'content-length': payload.length } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`timeout after ${timeoutMs} ms: POST ${url}`)));
    req.on('error', reject);
    req.end(payload);
  });
}

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
    async raw<T = any>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>> {
      const { status, body } = await post(target, JSON.stringify({ query, variables }), agent);
      try {
        return JSON.parse(body) as GraphQLResponse<T>;
      } catch {
        throw new Error(`non-JSON response (${status}) from ${url}: ${body.slice(0, 300)}`);
      }
    },
    async request<T = any>(query: string, variables?: Record<string, unknown>): Promise<T> {
      const r = await this.raw<T>(query, variables);
      if (r.errors?.length || !r.data) throw new Error(`GraphQL error from ${url}: ${JSON.stringify(r.errors ?? r).slice(0, 500)}`);
      return r.data;
    },
    close: () => agent.destroy(),
  };
}
