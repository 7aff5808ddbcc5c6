// The size and anchor of a synthetic world, validated once at the boundary so the generators can
// trust it. Errors name the first offending option, in the order the options are listed here.

export interface WorldConfig {
  /** Any integer in [0, 2^32): the same seed and sizes give the same world. */
  seed: number;
  customers: number;
  products: number;
  stores: number;
  warehouses: number;
  /** Exact number of interactions generated, spread over customers by their activity. */
  interactions: number;
  /** Length of the history window ending at `now`. */
  days: number;
  /** The world's present: interactions happen before it, some promotions are live at it. */
  now: Date;
  /** Competitors whose prices are observed (at most COMPETITORS.length). */
  competitors: number;
  promotions: number;
}

/** A world's sizes without its anchor date (presets, CLI defaults). */
export type WorldSize = Omit<WorldConfig, 'now'>;

type CountOption = keyof WorldSize;

export const WORLD_CONFIG_LIMITS: Readonly<Record<CountOption, readonly [min: number, max: number]>> = {
  seed: [0, 4_294_967_295],
  customers: [1, 999_999],
  products: [1, 99_999],
  stores: [1, 999],
  warehouses: [1, 99],
  interactions: [0, 50_000_000],
  days: [1, 3650],
  competitors: [0, 6],
  promotions: [0, 9999],
};

const OPTION_ORDER: readonly (keyof WorldConfig)[] = ['seed', 'customers', 'products', 'stores', 'warehouses', 'interactions', 'days', 'now', 'competitors', 'promotions'];

export class WorldConfigError extends Error {
  override name = 'WorldConfigError';
}

/** The first-start world: seeds in about two seconds on the embedded database; about 1.5 orders per customer in its 90 days. */
export const SMALL_WORLD: Readonly<WorldSize> = Object.freeze({
  seed: 42,
  customers: 2000,
  products: 500,
  stores: 8,
  warehouses: 2,
  interactions: 80_000,
  days: 90,
  competitors: 3,
  promotions: 24,
});

/** The benchmark world (npm run bench:seed). */
export const BENCH_WORLD: Readonly<WorldSize> = Object.freeze({
  seed: 7,
  customers: 100_000,
  products: 10_000,
  stores: 40,
  warehouses: 4,
  interactions: 1_000_000,
  days: 180,
  competitors: 3,
  promotions: 200,
});

function describe(value: unknown): string {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : typeof value;
}

/** Checks an untrusted config and returns a copy; throws WorldConfigError naming the first problem. */
export function validateWorldConfig(input: unknown): WorldConfig {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new WorldConfigError(`World config must be an object (got ${describe(input)})`);
  }
  const record = input as Record<string, unknown>;
  for (const key of Object.keys(record).sort()) {
    if (!(OPTION_ORDER as readonly string[]).includes(key)) throw new WorldConfigError(`Unknown world config option "${key}"`);
  }
  const out: Partial<WorldConfig> = {};
  for (const key of OPTION_ORDER) {
    const value = record[key];
    if (value === undefined) throw new WorldConfigError(`World config option "${key}" is required`);
    if (key === 'now') {
      if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
        throw new WorldConfigError(`World config option "now" must be a valid Date (got ${describe(value)})`);
      }
      out.now = new Date(value.getTime());
      continue;
    }
    const [min, max] = WORLD_CONFIG_LIMITS[key];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw new WorldConfigError(`World config option "${key}" must be an integer from ${min} to ${max} (got ${describe(value)})`);
    }
    out[key] = value;
  }
  return out as WorldConfig;
}
