// Who is calling. The gateway verifies the caller's token and forwards the identity to subgraphs in
// a header it signs (see identity.ts); subgraphs build the Viewer only from that signed header.
export const ROLES = ['CUSTOMER', 'ASSOCIATE', 'MERCHANDISER', 'MARKETING_MANAGER', 'PARTNER', 'ANALYST', 'ADMIN', 'SERVICE'] as const;
/** SERVICE is our own processes calling each other (never issued to people). */
export type Role = (typeof ROLES)[number];

export interface Viewer {
  /** The token's subject (a user name, a partner's id, a customer's id); null when anonymous. */
  id: string | null;
  roles: ReadonlySet<Role>;
  /** CUSTOMER: the customer this shopper is (defaults to the subject). */
  customerId: string | null;
  /** ASSOCIATE: the store (location id) they work in. */
  storeId: string | null;
  /** PARTNER: the one channel they serve (a Channel enum value, e.g. SOCIAL). */
  channel: string | null;
}

export const ANONYMOUS: Viewer = { id: null, roles: new Set(), customerId: null, storeId: null, channel: null };

/** Transitional: unverified headers. Replaced by the signed identity header (issue 9). */
export function viewerFromHeaders(headers: Record<string, string | string[] | undefined>): Viewer {
  const one = (name: string) => {
    const v = headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const id = one('x-viewer-id')?.trim() || null;
  const roles = new Set((one('x-viewer-roles') ?? '').split(',').map((r) => r.trim()).filter((r): r is Role => (ROLES as readonly string[]).includes(r)));
  return { id, roles, customerId: null, storeId: null, channel: null };
}
