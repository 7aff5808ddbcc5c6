// docs/BENCHMARKS.md is written by the benches, one "## …" section each. This module is the one
// place that says how: a bench replaces its own section (the others are kept as they are) and
// rewrites the header, which says how every figure in the file was produced; and each bench
// names the commit it ran on, so a section can be traced to the code it measured.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export const BENCHMARKS_HEADER = `# Benchmarks

Each section below is written, whole, by the command in its heading; its first lines say how that command was run, when, under what load and, where the bench records it, at which commit. Every figure in a section was computed by the run that wrote it, unless the text marks it "quoted from the run of <date> at commit <hash>, not re-measured here". Sections are rerun one at a time, so two sections can come from different days and commits: compare figures within a section, where they come from one run, rather than across sections. The machine has 2 cores and is shared with other work, so absolute times move with its load; the benches time what they compare interleaved in the same run, and quote medians and ratios from it. Raw results of each run: \`docs/bench/*.json\`.
`;

/** Replaces the section that starts with the line `heading` (or appends it), keeping the others; rewrites the header. */
export function replaceSection(path: string, heading: string, body: string): void {
  const lines = (existsSync(path) ? readFileSync(path, 'utf8') : '').split('\n');
  const firstSection = lines.findIndex((l) => l.startsWith('## '));
  const sections = firstSection < 0 ? [] : lines.slice(firstSection);
  const start = sections.indexOf(heading);
  const section = body.trim().split('\n');
  if (start < 0) {
    while (sections.length > 0 && sections[sections.length - 1]!.trim() === '') sections.pop();
    sections.push('', ...section);
  }
  else {
    const next = sections.findIndex((l, i) => i > start && l.startsWith('## '));
    sections.splice(start, (next < 0 ? sections.length : next) - start, ...section, ...(next < 0 ? [] : ['']));
  }
  writeFileSync(path, `${BENCHMARKS_HEADER}\n${sections.join('\n').trim()}\n`);
}

/**
 * The commit the bench runs on, as a section quotes it: the short hash, with "+ uncommitted
 * changes" when files other than docs/ differ from it (a bench writes docs/ itself).
 */
export function runCommit(root: string): string {
  try {
    const git = (...args: string[]) => execFileSync('git', ['-C', root, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const hash = git('rev-parse', '--short', 'HEAD');
    const dirty = git('status', '--porcelain', '--untracked-files=no', '--', '.', ':(exclude)docs') !== '';
    return dirty ? `${hash} + uncommitted changes` : hash;
  } catch {
    return 'unknown (no git)';
  }
}
