// The benches' command-line flags: `--name value` or `--name=value`. A flag given with a value the
// bench cannot use stops it with exit code 2 and says why, rather than running with a default.

const args = () => process.argv.slice(2);

/** The flag's value; undefined when it is absent (or last, without a value). */
export function stringFlag(name: string): string | undefined {
  return rawFlag(name)?.value;
}

function rawFlag(name: string): { value: string | undefined } | undefined {
  const all = args();
  const i = all.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return undefined;
  return { value: all[i]!.includes('=') ? all[i]!.slice(all[i]!.indexOf('=') + 1) : all[i + 1] };
}

function refuse(name: string, expected: string, raw: string | undefined): never {
  process.stderr.write(`--${name} must be ${expected}, got ${JSON.stringify(raw)}\n`);
  process.exit(2);
}

/** A number (an integer unless said) ≥ min; the fallback when the flag is absent. */
export function numberFlag(name: string, fallback: number, { integer = true, min = 1 } = {}): number {
  const flag = rawFlag(name);
  if (!flag) return fallback;
  const value = Number(flag.value);
  if (flag.value === undefined || !Number.isFinite(value) || (integer && !Number.isInteger(value)) || value < min) refuse(name, `${integer ? 'an integer' : 'a number'} ≥ ${min}`, flag.value);
  return value;
}

/** One of `choices`; the fallback when the flag is absent. */
export function choiceFlag<T extends string>(name: string, choices: readonly T[], fallback: T): T {
  const flag = rawFlag(name);
  if (!flag) return fallback;
  if (!choices.includes(flag.value as T)) refuse(name, choices.join(' or '), flag.value);
  return flag.value as T;
}

/** A switch such as --no-write. */
export const booleanFlag = (name: string) => args().includes(`--${name}`);

/** The arguments as given but --no-write, as ` -- …` for the command a report quotes ('' when none). */
export function quotedArgs(): string {
  const rest = args().filter((a) => a !== '--no-write');
  return rest.length ? ` -- ${rest.join(' ')}` : '';
}
