// Three test projects: unit (each package's test/ folder, embedded database), e2e (the whole graph
// through a running gateway over HTTP), and integration (real Postgres and Redis), which runs only
// when DATABASE_URL and REDIS_URL are set, so `npm test` passes on a machine with neither.
import { defineConfig } from 'vitest/config';

const common = { exclude: ['**/node_modules/**', '**/.data/**'], testTimeout: 60_000, hookTimeout: 120_000 };
const withServices = Boolean(process.env.DATABASE_URL && process.env.REDIS_URL);

export default defineConfig({
  test: {
    projects: [
      { test: { ...common, name: 'unit', include: ['**/test/**/*.test.ts'], exclude: [...common.exclude, '**/*.e2e.test.ts', '**/*.int.test.ts'] } },
      { test: { ...common, name: 'e2e', include: ['**/test/**/*.e2e.test.ts'] } },
      ...(withServices ? [{ test: { ...common, name: 'integration', include: ['**/test/**/*.int.test.ts'], fileParallelism: false } }] : []),
    ],
  },
});
