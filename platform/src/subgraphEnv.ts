// Configuration of a subgraph running as its own process. A standalone subgraph needs a shared
// Postgres: the embedded database lives inside one process (npm start runs all four there).
import { z } from 'zod';
import { logLevel, parseConfig, port, postgresUrl, redisUrl } from './config.ts';

export function parseSubgraphEnv(defaultPort: number, env: Record<string, string | undefined> = process.env) {
  return parseConfig(
    z.object({
      DATABASE_URL: postgresUrl.describe('required: a standalone subgraph shares Postgres with the others'),
      REDIS_URL: redisUrl.optional(),
      EVENT_STREAM_PREFIX: z.string().default('retail:'),
      PORT: port(defaultPort),
      HOST: z.string().default('0.0.0.0'),
      LOG_LEVEL: logLevel,
    }),
    env,
  );
}
