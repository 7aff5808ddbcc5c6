// Replaces one "## …" section of docs/BENCHMARKS.md, keeping the others as they are.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export function replaceSection(path: string, heading: string, body: string): void {
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n\nEvery figure here comes from the command named in its section, run on the project machine (2 cores).\n';
  const start = text.indexOf(heading);
  let next = start < 0 ? -1 : text.indexOf('\n## ', start + heading.length);
  if (start < 0) {
    writeFileSync(path, text.trimEnd() + '\n\n' + body.trim() + '\n');
    return;
  }
  if (next < 0) next = text.length;
  writeFileSync(path, text.slice(0, start) + body.trim() + '\n' + text.slice(next));
}
