// Environment parsing shared by every deployable: one zod schema per deployable, parsed once at
// boot, failing with one line per bad variable.
import { z } from 'zod';
import { DEFAULT_SHUTDOWN_TIMEOUT_MS } from './lifecycle.ts';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function parseConfig<S extends z.ZodType>(schema: S, env: Record<string, string | undefined> = process.env): z.infer<S> {
  // Treat empty strings as unset, as shells and .env files commonly leave them.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  throw new ConfigError(result.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`));
}

export const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

export const postgresUrl = z
  .string()
  .refine((v) => /^postgres(ql)?:\/\//.test(v), 'must be a postgres:// or postgresql:// URL');

export const redisUrl = z.string().refine((v) => /^rediss?:\/\//.test(v), 'must be a redis:// or rediss:// URL');

/** SHUTDOWN_TIMEOUT_MS: how long a stop may take before the process gives up and exits 1. Every deployable reads it. */
export const shutdownTimeout = z.coerce.number().int().positive().default(DEFAULT_SHUTDOWN_TIMEOUT_MS);

export const logLevel = z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info');

/** Variables every service that touches data reads. */
export const dataEnv = {
  DATABASE_URL: postgresUrl.optional(),
  REDIS_URL: redisUrl.optional(),
  EVENT_STREAM_PREFIX: z.string().default('retail:'),
  DATA_DIR: z.string().default('./.data'),
  LOG_LEVEL: logLevel,
  SHUTDOWN_TIMEOUT_MS: shutdownTimeout,
};
