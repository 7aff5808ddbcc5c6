import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('engine README example', () => {
  it('runs and prints a ranked slate and the restored model', () => {
    const root = join(import.meta.dirname, '..', '..');
    const out = execFileSync(join(root, 'node_modules', '.bin', 'tsx'), [join(root, 'engine', 'examples', 'quickstart.ts')], { encoding: 'utf8' });
    expect(out).toMatch(/^#1 \S+:WEB: score -?\d+\.\d{3}, propensity \d\.\d{3}/m);
    expect(out).toMatch(/^#2 /m);
    expect(out).toMatch(/^#1 .* P\(purchase\) 0\.\d{3} × value \d+\.\d{3}/m);
    expect(out).toContain('updates: 1, model hybrid-logistic-k42-u1');
  });
});
