// The README's first command, as a newcomer runs it: `npm start` with no configuration creates,
// migrates and seeds the embedded database, serves the graph, stops cleanly on Ctrl-C, and a
// second start reuses the data.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gql } from '@retail/test-support/graphql';
import { ctrlC, killAllStarted, npmStart as npmStartIn } from '@retail/test-support/npmStart';

const dataDir = mkdtempSync(join(tmpdir(), 'retail-start-'));
const npmStart = () => npmStartIn(dataDir);

afterAll(killAllStarted);

describe('npm start', () => {
  let customers = 0;

  it('creates, migrates and seeds the embedded database on first start and serves the graph', async () => {
    const started = await npmStart();
    const { url, output } = started;
    expect(output()).toContain('embedded Postgres');
    expect(output()).toContain('seeded an empty database');
    const r = await gql(url, '{ customers(first: 3) { edges { node { id orders(first: 1) { edges { node { lines { product { name availability { available } } } } } } } } } }');
    expect(r.errors).toBeUndefined();
    expect(r.data!.customers.edges).toHaveLength(3);
    const count = await gql(url, '{ customers(first: 100) { edges { cursor } pageInfo { hasNextPage } } }');
    customers = count.data!.customers.edges.length;
    expect(customers).toBe(100);
    expect(await ctrlC(started)).toContain('stopped cleanly');
  }, 240_000);

  it('reuses the data on the second start', async () => {
    const started = await npmStart();
    const { url, output } = started;
    expect(output()).not.toContain('seeded an empty database');
    const marker = await gql(url, '{ customers(first: 1) { edges { node { id } } } }');
    expect(marker.errors).toBeUndefined();
    const rec = await gql(url, `mutation { recordInteraction(input: { customerId: "${marker.data!.customers.edges[0].node.id}", type: VIEW, channel: WEB, device: DESKTOP, productId: "any", idempotencyKey: "restart-check" }) { id } }`);
    expect(rec.errors).toBeUndefined();
    expect(await ctrlC(started)).toContain('stopped cleanly');
    const again = await npmStart();
    const replay = await gql(again.url, `mutation { recordInteraction(input: { customerId: "${marker.data!.customers.edges[0].node.id}", type: VIEW, channel: WEB, device: DESKTOP, productId: "any", idempotencyKey: "restart-check" }) { id } }`);
    expect(replay.data!.recordInteraction.id).toBe(rec.data!.recordInteraction.id); // stored before the restart
    expect(await ctrlC(again)).toContain('stopped cleanly');
  }, 300_000);
});
