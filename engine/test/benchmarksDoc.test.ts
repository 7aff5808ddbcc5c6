// How the benches write docs/BENCHMARKS.md: one section replaced whole, the others kept, the header
// (which says how the figures are produced) rewritten from one place.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BENCHMARKS_HEADER, replaceSection } from '../bench/benchmarksDoc.ts';

const fresh = () => join(mkdtempSync(join(tmpdir(), 'benchmarks-doc-')), 'BENCHMARKS.md');

describe('replaceSection', () => {
  it('replaces only its own section, keeps the others in place and rewrites the header', () => {
    const path = fresh();
    writeFileSync(path, '# Benchmarks\n\nAn old header with a claim.\n\n## A (npm run a)\n\nold a\n\n## Ab (npm run ab)\n\nab stays\n\n## B (npm run b)\n\nb stays\n');
    replaceSection(path, '## A (npm run a)', '## A (npm run a)\n\nnew a, line 1\nline 2\n');
    expect(readFileSync(path, 'utf8')).toBe(`${BENCHMARKS_HEADER}\n## A (npm run a)\n\nnew a, line 1\nline 2\n\n## Ab (npm run ab)\n\nab stays\n\n## B (npm run b)\n\nb stays\n`);
  });

  it('replaces the last section up to the end of the file', () => {
    const path = fresh();
    writeFileSync(path, `${BENCHMARKS_HEADER}\n## A (npm run a)\n\na\n\n## B (npm run b)\n\nold b\nmore old b\n`);
    replaceSection(path, '## B (npm run b)', '## B (npm run b)\n\nnew b');
    expect(readFileSync(path, 'utf8')).toBe(`${BENCHMARKS_HEADER}\n## A (npm run a)\n\na\n\n## B (npm run b)\n\nnew b\n`);
  });

  it('appends a section the file does not have yet, and creates the file with its header', () => {
    const path = fresh();
    replaceSection(path, '## A (npm run a)', '## A (npm run a)\n\na\n');
    replaceSection(path, '## B (npm run b)', '## B (npm run b)\n\nb\n');
    expect(readFileSync(path, 'utf8')).toBe(`${BENCHMARKS_HEADER}\n## A (npm run a)\n\na\n\n## B (npm run b)\n\nb\n`);
  });
});
