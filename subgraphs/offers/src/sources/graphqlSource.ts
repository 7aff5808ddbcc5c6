// The offers subgraph reads other subgraphs' data through their GraphQL APIs, never their tables
// (subgraphs link by id). One small client: POST, a timeout, and errors surfaced with the source.
export interface GraphQLSource {
  name: string;
  url: string;
}

export class SourceError extends Error {
  constructor(source: GraphQLSource, detail: string) {
    super(`${source.name} subgraph (${source.url}): ${detail}`);
    this.name = 'SourceError';
  }
}

export async function queryGraphQL<T>(source: GraphQLSource, query: string, variables: Record<string, unknown> = {}, timeoutMs = 30_000): Promise<T> {
  let response: Response;
  try {
    response = await fetch(source.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new SourceError(source, `unreachable (${(error as Error).message})`);
  }
  const body = (await response.json().catch(() => null)) as { data?: T; errors?: { message: string }[] } | null;
  if (!response.ok || !body || body.errors?.length || !body.data) {
    throw new SourceError(source, body?.errors?.map((e) => e.message).join('; ') || `HTTP ${response.status}`);
  }
  return body.data;
}
