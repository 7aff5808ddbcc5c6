// What a process says when it cannot start because of its configuration: the variable, the
// address it tried (password hidden), what went wrong and what to do, one entry per variable and
// no stack trace. Boot files print these and exit non-zero (bootOrExit).
import { ConfigError } from './config.ts';

export interface StartupProblem {
  /** The environment variable to fix, e.g. DATABASE_URL. */
  variable: string;
  /** What was tried, without credentials. */
  address: string;
  problem: string;
  hint: string;
}

export class StartupError extends Error {
  constructor(readonly problems: StartupProblem[]) {
    super(problems.map(describeProblem).join('\n'));
    this.name = 'StartupError';
  }
}

export const describeProblem = (p: StartupProblem) => `${p.variable} (${p.address}): ${p.problem}. ${p.hint}`;

/** The URL with its password replaced, safe to print. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(not a URL)';
  }
}

interface ErrorLike {
  code?: string;
  message?: string;
  errors?: ErrorLike[];
}

/** Node's connect errors come as one error or, for a name with several addresses, an AggregateError. */
function errorCode(error: unknown): string | undefined {
  const e = error as ErrorLike | undefined;
  return e?.code ?? e?.errors?.find((inner) => inner.code)?.code;
}

function networkProblem(code: string | undefined, service: string, variable: string): { problem: string; hint: string } | null {
  switch (code) {
    case 'ECONNREFUSED':
      return { problem: `cannot reach ${service}: connection refused, nothing listens there`, hint: `Start ${service} there, or point ${variable} at the ${service} you run.` };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return { problem: `cannot reach ${service}: the host name does not resolve`, hint: `Check the host part of ${variable}.` };
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return { problem: `cannot reach ${service}: no answer (host unreachable, or a firewall drops the connection)`, hint: `Check the host and port in ${variable}, and that ${service} listens on that interface.` };
    default:
      return null;
  }
}

/** Why Postgres at DATABASE_URL could not be opened. */
export function databaseProblem(url: string, error: unknown): StartupProblem {
  const address = redactUrl(url);
  const base = { variable: 'DATABASE_URL', address };
  const code = errorCode(error);
  const network = networkProblem(code, 'Postgres', 'DATABASE_URL');
  if (network) return { ...base, ...network };
  // Postgres SQLSTATEs for the misconfigurations people make.
  if (code === '3D000') {
    const name = decodeURIComponent(new URL(url).pathname.slice(1));
    return { ...base, problem: `the database "${name}" does not exist`, hint: `Create it (createdb ${name}, or npm run db:migrate, which creates it) or name an existing database in DATABASE_URL.` };
  }
  if (code === '28P01' || code === '28000') return { ...base, problem: 'Postgres refused the credentials', hint: 'Check the user name and password in DATABASE_URL.' };
  if (code === 'STARTUP_TIMEOUT') return { ...base, problem: (error as Error).message, hint: 'Check the host and port in DATABASE_URL, and that Postgres is up and accepting connections.' };
  return { ...base, problem: `could not open the database (${oneLine(error)})`, hint: 'Check that DATABASE_URL names a running Postgres server.' };
}

/** Why Redis at REDIS_URL could not be reached. */
export function redisProblem(url: string, error: unknown): StartupProblem {
  const base = { variable: 'REDIS_URL', address: redactUrl(url) };
  const code = errorCode(error);
  const network = networkProblem(code, 'Redis', 'REDIS_URL');
  if (network) return { ...base, ...network };
  const message = oneLine(error);
  if (/WRONGPASS|NOAUTH|invalid password|invalid username/i.test(message)) return { ...base, problem: 'Redis refused the credentials', hint: 'Check the user name and password in REDIS_URL.' };
  // Something else listening there hangs up on Redis's first command, with a close or a reset, whichever comes first.
  if (message === 'Connection is closed.' || code === 'ECONNRESET' || /ECONNRESET/.test(message)) return { ...base, problem: 'the server there closed the connection: it does not speak Redis', hint: 'Check the port in REDIS_URL (Redis listens on 6379 by default).' };
  return { ...base, problem: `could not talk to Redis (${message})`, hint: 'Check that REDIS_URL names a running Redis server.' };
}

/** A port already taken, or an address this host does not have. */
function listenProblem(variable: string, address: string, error: unknown): StartupProblem | null {
  const code = errorCode(error);
  if (code === 'EADDRINUSE') return { variable, address, problem: 'the port is already in use', hint: `Stop what listens there, or set ${variable} to a free port.` };
  if (code === 'EADDRNOTAVAIL') return { variable: 'HOST', address, problem: 'this host has no such address', hint: 'Set HOST to one of this machine’s addresses (or 0.0.0.0).' };
  if (code === 'EACCES') return { variable, address, problem: 'not allowed to listen on this port', hint: `Choose a port above 1023 for ${variable}.` };
  return null;
}

/**
 * `server.listen(port, host)`, where `portVariable` set the port (PORT, CUSTOMER_PORT, …): a port
 * already taken, a host address this machine lacks or a privileged port is a StartupError naming
 * that variable (or HOST); any other failure is rethrown as it came.
 */
export async function listenOnConfiguredPort<T>(server: { listen(port: number, host: string): Promise<T> }, port: number, host: string, portVariable: string): Promise<T> {
  try {
    return await server.listen(port, host);
  } catch (error) {
    const problem = listenProblem(portVariable, `${host}:${port}`, error);
    throw problem ? new StartupError([problem]) : error;
  }
}

function oneLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n')[0]!;
}

/**
 * Runs a boot file's start. A bad configuration (invalid values, unreachable services) prints
 * what to fix, without a stack trace, and exits 2 (invalid values) or 1 (services); anything
 * else is a bug and keeps its stack.
 */
export async function bootOrExit<T>(name: string, start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (error) {
    if (error instanceof ConfigError || error instanceof StartupError) {
      const lines = error instanceof ConfigError ? error.problems : error.problems.map(describeProblem);
      process.stderr.write(`${name} cannot start:\n${lines.map((l) => `  - ${l}`).join('\n')}\n`);
      process.exit(error instanceof ConfigError ? 2 : 1);
    }
    process.stderr.write(`${name} failed to start: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exit(1);
  }
}
