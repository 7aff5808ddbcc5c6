// The version of an installed package, as the report quotes it (read from its package.json, so a
// label such as "@apollo/gateway 2.14" follows an upgrade instead of going stale).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** "2.14.4", or "?" when the package is not installed where the gateway or the root would load it from. */
export function installedVersion(name: string): string {
  for (const dir of [join(ROOT, 'gateway', 'node_modules'), join(ROOT, 'node_modules')]) {
    const file = join(dir, name, 'package.json');
    if (existsSync(file)) return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  }
  return '?';
}

/** "2.14" of "2.14.4". */
export const minorVersion = (version: string) => version.split('.').slice(0, 2).join('.');
