// Boot file: runs the offers subgraph as its own process against Postgres (Redis Streams when
// REDIS_URL is set). The candidate read model loads from the other subgraphs' URLs; until they
// answer it says so at start, naming the variables, and retries.
import { z } from 'zod';
import { parseConfig, runSubgraphProcess } from '@retail/platform';
import { createServer } from './createServer.ts';

const httpUrl = z.string().url();
const parseOffersEnv = () =>
  parseConfig(
    z.object({
      CUSTOMER_URL: httpUrl.default('http://127.0.0.1:4001/graphql'),
      PRODUCT_URL: httpUrl.default('http://127.0.0.1:4002/graphql'),
      INVENTORY_URL: httpUrl.default('http://127.0.0.1:4003/graphql'),
      OFFERS_POLICY_MODE: z.enum(['learning', 'exploit', 'best-sellers']).default('learning'),
      OFFERS_RANDOM_SEED: z.coerce.number().int().optional(),
      /** How many times one shopper may be shown one offer (the policy's frequencyCap; default 3). */
      OFFERS_FREQUENCY_CAP: z.coerce.number().int().min(1).optional(),
    }),
    process.env,
  );

await runSubgraphProcess(
  'offers',
  4004,
  ({ db, bus, outbox, log, env }) =>
    createServer({
      db,
      bus,
      outbox,
      log,
      seed: env.OFFERS_RANDOM_SEED,
      policy: { mode: env.OFFERS_POLICY_MODE, ...(env.OFFERS_FREQUENCY_CAP ? { frequencyCap: env.OFFERS_FREQUENCY_CAP } : {}) },
      sources: {
        customer: { name: 'customer', url: env.CUSTOMER_URL },
        product: { name: 'product', url: env.PRODUCT_URL },
        inventory: { name: 'inventory', url: env.INVENTORY_URL },
      },
      sourcesHint: `start the customer, product and inventory subgraphs, or point CUSTOMER_URL (${env.CUSTOMER_URL}), PRODUCT_URL (${env.PRODUCT_URL}) and INVENTORY_URL (${env.INVENTORY_URL}) at them`,
    }),
  parseOffersEnv,
);
