import type { Database } from '@retail/db';

/**
 * SQL round-trips one run of `request` costs. A server's background work (holds sweep, outbox relay,
 * learning poll) shares the database's query counter and can only add to a count, so the request's own
 * cost is the least over a few runs. `request` must be repeatable.
 */
export async function leastQueries(db: Database, request: () => Promise<unknown>, runs = 5): Promise<number> {
  let least = Infinity;
  for (let run = 0; run < runs; run++) {
    const before = db.stats.queries;
    await request();
    least = Math.min(least, db.stats.queries - before);
  }
  return least;
}
