// Configuration of `npm start`, validated once. Every variable is optional: with none set the
// product runs on the embedded database and the in-process event bus.
import { z } from 'zod';
import { dataEnv, parseConfig, port } from '@retail/platform';

export function parseLauncherEnv(env: Record<string, string | undefined> = process.env) {
  return parseConfig(
    z.object({
      ...dataEnv,
      PORT: port(4000),
      HOST: z.string().default('127.0.0.1'),
      CUSTOMER_PORT: port(4001),
      PRODUCT_PORT: port(4002),
      INVENTORY_PORT: port(4003),
      OFFERS_PORT: port(4004),
      QUERY_PLANNER: z.enum(['rust', 'javascript']).default('rust'),
      OFFERS_POLICY_MODE: z.enum(['learning', 'exploit', 'best-sellers']).default('learning'),
      SEED_ON_EMPTY: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
    }),
    env,
  );
}
