// Command-line flags of `npm run seed` and `npm run bench:seed`: world sizes over a preset, the
// world's present, --reset and the write method. Every problem is reported by flag name.
import { WORLD_CONFIG_LIMITS, type WorldSize } from '@retail/simulator';
import type { WriteMethod } from './rowWriter.ts';

export interface SeedCommand {
  size: WorldSize;
  now?: Date;
  reset: boolean;
  method?: WriteMethod;
  help: boolean;
}

export class SeedArgsError extends Error {
  override name = 'SeedArgsError';
}

const SIZE_FLAGS: readonly (keyof WorldSize)[] = ['customers', 'products', 'interactions', 'stores', 'warehouses', 'days', 'seed', 'competitors', 'promotions'];

export function seedUsage(command: string, defaults: WorldSize): string {
  return [
    `Usage: ${command} -- [flags]`,
    ...SIZE_FLAGS.map((flag) => `  --${flag.padEnd(13)} integer ${WORLD_CONFIG_LIMITS[flag][0]}..${WORLD_CONFIG_LIMITS[flag][1]} (default ${defaults[flag]})`),
    '  --now          ISO date-time the world ends at (default: now)',
    '  --method       copy | insert (default: copy on the embedded database, insert on Postgres)',
    '  --reset        empty every table of the data model first',
    '  --help         this text',
  ].join('\n');
}

/** Parses `--flag value` / `--flag=value` arguments over the defaults; throws SeedArgsError. */
export function parseSeedArgs(argv: readonly string[], defaults: WorldSize): SeedCommand {
  const command: SeedCommand = { size: { ...defaults }, reset: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw new SeedArgsError(`Unexpected argument "${arg}" (flags start with --; see --help)`);
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
    const inline = eq < 0 ? undefined : arg.slice(eq + 1);
    if (name === 'reset' || name === 'help') {
      if (inline !== undefined) throw new SeedArgsError(`--${name} takes no value`);
      command[name] = true;
      continue;
    }
    const known = (SIZE_FLAGS as readonly string[]).includes(name) || name === 'now' || name === 'method';
    if (!known) throw new SeedArgsError(`Unknown flag --${name} (known: ${[...SIZE_FLAGS, 'now', 'method', 'reset', 'help'].map((f) => `--${f}`).join(', ')})`);
    let value = inline;
    if (value === undefined) {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new SeedArgsError(`--${name} needs a value`);
      value = next;
      i++;
    }
    if (name === 'now') {
      const now = /^\d{4}-\d{2}-\d{2}/.test(value) ? new Date(value) : new Date(NaN);
      if (Number.isNaN(now.getTime())) throw new SeedArgsError(`--now must be an ISO date such as 2026-11-20T12:00:00Z (got "${value}")`);
      command.now = now;
    } else if (name === 'method') {
      if (value !== 'copy' && value !== 'insert') throw new SeedArgsError(`--method must be copy or insert (got "${value}")`);
      command.method = value;
    } else {
      const flag = name as keyof WorldSize;
      const [min, max] = WORLD_CONFIG_LIMITS[flag];
      const n = /^-?\d+$/.test(value) ? Number(value) : NaN;
      if (!Number.isSafeInteger(n) || n < min || n > max) throw new SeedArgsError(`--${flag} must be an integer from ${min} to ${max} (got "${value}")`);
      command.size[flag] = n;
    }
  }
  return command;
}
