// Who is calling. The gateway authenticates the caller and forwards the result in these headers;
// subgraphs trust them because only the gateway can reach them in a deployment.
export interface Viewer {
  id: string | null;
  roles: ReadonlySet<string>;
}

export const ANONYMOUS: Viewer = { id: null, roles: new Set() };

export function viewerFromHeaders(headers: Record<string, string | string[] | undefined>): Viewer {
  const one = (name: string) => {
    const v = headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const id = one('x-viewer-id')?.trim() || null;
  const roles = new Set((one('x-viewer-roles') ?? '').split(',').map((r) => r.trim()).filter(Boolean));
  return { id, roles };
}
