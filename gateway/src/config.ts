// Gateway configuration from the environment, validated once at boot.
import { z } from 'zod';
import { logLevel, parseConfig, port, shutdownTimeout } from '@retail/platform';
import { defaultSubgraphUrl } from './composeSupergraph.ts';

const httpUrl = z.string().refine((v) => /^https?:\/\/.+/.test(v), 'must be an http:// or https:// URL');

export function parseGatewayEnv(env: Record<string, string | undefined> = process.env) {
  return parseConfig(
    z.object({
      PORT: port(4000),
      HOST: z.string().default('0.0.0.0'),
      CUSTOMER_URL: httpUrl.default(defaultSubgraphUrl('customer')),
      PRODUCT_URL: httpUrl.default(defaultSubgraphUrl('product')),
      INVENTORY_URL: httpUrl.default(defaultSubgraphUrl('inventory')),
      OFFERS_URL: httpUrl.default(defaultSubgraphUrl('offers')),
      QUERY_PLANNER: z.enum(['rust', 'javascript']).default('rust'),
      UPSTREAM_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
      LOG_LEVEL: logLevel,
      SHUTDOWN_TIMEOUT_MS: shutdownTimeout,
    }),
    env,
  );
}

export type GatewayEnv = ReturnType<typeof parseGatewayEnv>;
