// A minimal JSON-over-HTTP POST client on node:http with a keep-alive agent: the load generators'
// client (this bench's and the launcher's), the floor's way to reach the subgraphs and the base of
// the launcher benches' GraphQL client. No WHATWG Request/Response objects, so its own cost stays
// small next to what is measured.
import http from 'node:http';

export interface PostResult {
  status: number;
  body: string;
}

export function keepAliveAgent(maxSockets = 256): http.Agent {
  return new http.Agent({ keepAlive: true, keepAliveMsecs: 30_000, maxSockets, maxFreeSockets: maxSockets, scheduling: 'lifo' });
}

/** Benchmarks load only this machine: anything else is refused before a request is sent. */
export function assertLoopback(url: string): void {
  const host = new URL(url).hostname;
  if (!/^127\.\d+\.\d+\.\d+$/.test(host) && host !== 'localhost' && host !== '[::1]') throw new Error(`refusing to load ${url}: benchmarks only target loopback`);
}

export function post(url: URL, body: string, agent: http.Agent, timeoutMs = 30_000): Promise<PostResult> {
  return new Promise((resolve, reject) => {
    const payload = Buffer.from(body);
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', accept: 'application/json', 'content-length': payload.length },
      },
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

export async function postJson<T = any>(url: URL, payload: unknown, agent: http.Agent, timeoutMs?: number): Promise<T> {
  const { status, body } = await post(url, JSON.stringify(payload), agent, timeoutMs);
  try {
    return JSON.parse(body) as T;
  } catch {
    throw new Error(`non-JSON response (${status}) from ${url}: ${body.slice(0, 300)}`);
  }
}
