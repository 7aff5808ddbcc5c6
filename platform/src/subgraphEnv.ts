// Configuration of a subgraph running as its own process. A standalone subgraph needs a shared
// Postgres: the embedded database lives inside one process (npm start runs all four there).
import { z } from 'zod';
import { logLevel, parseConfig, port, postgresUrl, redisUrl, shutdownTimeout } from './config.ts';

export function parseSubgraphEnv(defaultPort: number, env: Record<string, string | undefined> = process.env) {
  return parseConfig(
    z.object({
      DATABASE_URL: z.string({ error: 'required: a standalone subgraph shares Postgres with the others (postgres://user@host:5432/db)' }).pipe(postgresUrl),
      REDIS_URL: redisUrl.optional(),
      EVENT_STREAM_PREFIX: z.string().default('retail:'),
      PORT: port(defaultPort),
      HOST: z.string().default('0.0.0.0'),
      LOG_LEVEL: logLevel,
      SHUTDOWN_TIMEOUT_MS: shutdownTimeout,
    }),
    env,
  );
}
