import { openTestDatabase } from '@retail/test-support/database';
import { Prisma } from '@retail/db';
const db = await openTestDatabase();
await db.prisma.customer.createMany({ data: [{ id: 'c1', email: 'a@x', firstName: 'A', lastName: 'B', segments: ['x'] }, { id: 'c2', email: 'b@x', firstName: 'A', lastName: 'B' }] });
await db.prisma.interaction.createMany({ data: [
  { customerId: 'c1', type: 'VIEW', channel: 'WEB', device: 'MOBILE', productId: 'p1', value: 12.34, occurredAt: new Date('2026-01-01T10:00:00.123Z') },
  { customerId: 'c1', type: 'SEARCH', channel: 'WEB', device: 'MOBILE', query: 'q', occurredAt: new Date('2026-01-02T10:00:00Z') },
  { customerId: 'c2', type: 'VIEW', channel: 'WEB', device: 'MOBILE', productId: 'p1', occurredAt: new Date('2026-01-03T10:00:00Z') },
]});
const ids = ['c1', 'c2'];
const ats: (string | null)[] = [null, '2026-01-04T10:00:00.000Z'];
const aids: (string | null)[] = [null, '999'];
const lims = [5, 5];
const types = ['VIEW', 'SEARCH'];
const rows = await db.prisma.$queryRaw<any[]>(Prisma.sql`
  SELECT k.ord, i.* FROM unnest(${ids}::text[], ${ats}::text[], ${aids}::text[], ${lims}::int[]) WITH ORDINALITY AS k(cid, at, aid, lim, ord)
  CROSS JOIN LATERAL (
    SELECT * FROM "Interaction" i WHERE i."customerId" = k.cid
      AND (k.at IS NULL OR (i."occurredAt", i.id) < (k.at::timestamp(3), k.aid::bigint))
      AND i."type" = ANY(${types}::"InteractionType"[])
    ORDER BY i."occurredAt" DESC, i.id DESC LIMIT k.lim) i
  ORDER BY k.ord, i."occurredAt" DESC, i.id DESC`);
console.log(rows, rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v + ':' + (v as any)?.constructor?.name]))));
const c = await db.prisma.$queryRaw<any[]>`SELECT * FROM "Customer"`;
console.log(c);
console.log(db.stats);
console.log(new Date('2026-02-31T00:00:00Z'));
try { await db.prisma.interaction.create({ data: { customerId: 'nope', type: 'VIEW', channel: 'WEB', device: 'MOBILE' } }); } catch (e: any) { console.log(e.constructor.name, e.code, e.meta, e.message); }
await db.prisma.interaction.create({ data: { idempotencyKey: 'k', customerId: 'c1', type: 'VIEW', channel: 'WEB', device: 'MOBILE' } });
try { await db.prisma.interaction.create({ data: { idempotencyKey: 'k', customerId: 'c1', type: 'VIEW', channel: 'WEB', device: 'MOBILE' } }); } catch (e: any) { console.log(e.constructor.name, e.code, JSON.stringify(e.meta), e instanceof Prisma.PrismaClientKnownRequestError); }
try { await db.prisma.interaction.create({ data: { customerId: 'c1', type: 'VIEW', channel: 'WEB', device: 'MOBILE', value: 1e11 } }); } catch (e: any) { console.log(e.constructor.name, e.code, e.message.slice(-200)); }
await db.close();
