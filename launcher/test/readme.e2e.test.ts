// The README, run as a newcomer runs it: `npm start` on a fresh data directory (the product
// creates, migrates and seeds its own embedded database — no test template), every GraphQL
// example of README.md in order, each checked for what it claims; Ctrl-C; then a second start on
// the same directory, where the data is reused and every mutation example answers its replay, and
// a SIGTERM to npm alone (as a supervisor sends it) stops everything.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readmeExamples } from '@retail/test-support/readme';
import { ctrlC, killAllStarted, npmStart, sigterm, type StartedProduct } from '@retail/test-support/npmStart';
import { checksFor, newRunState, runExample, unusedChecks } from './readmeExampleChecks.ts';

const examples = readmeExamples();
const dataDir = join(mkdtempSync(join(tmpdir(), 'retail-readme-')), 'data');
const state = newRunState();

afterAll(() => killAllStarted());

describe('the README examples', () => {
  it('are there, and each says what it shows (a check or an expected error code)', () => {
    expect(examples.length).toBeGreaterThanOrEqual(8);
    for (const e of examples) expect(e.expectedErrorCode !== null || checksFor(e).length > 0, `example ${e.number} (line ${e.line})`).toBe(true);
    expect(unusedChecks(examples), 'checks whose example left the README').toEqual([]);
  });
});

for (const [startNumber, label] of [[1, 'first start, on a fresh data directory'], [2, 'second start, on the same directory']] as const) {
  describe.sequential(`npm start: ${label}`, () => {
    let product: StartedProduct;
    beforeAll(async () => {
      product = await npmStart(dataDir);
    }, 180_000);

    it(startNumber === 1 ? 'created, migrated and seeded the embedded database itself' : 'reused the data', () => {
      if (startNumber === 1) {
        expect(product.output()).toContain('migrations applied');
        expect(product.output()).toContain('seeded an empty database');
      } else {
        expect(product.output()).not.toContain('migrations applied');
        expect(product.output()).not.toContain('seeded an empty database');
      }
      expect(product.output()).toContain(`embedded Postgres in ${dataDir}`);
    });

    for (const example of examples) {
      it(`example ${example.number}: ${example.title}`, async () => {
        await runExample(product.url, example, state, startNumber === 2);
      });
    }

    if (startNumber === 1) {
      it('stops cleanly on Ctrl-C', async () => {
        expect(await ctrlC(product)).toContain('stopped cleanly');
      }, 60_000);
    } else {
      it('stops on a SIGTERM sent to the npm process alone (a supervisor), exit 0, leaving no process behind', async () => {
        const { code, leftAlive } = await sigterm(product);
        expect(code).toBe(0);
        expect(product.output()).toContain('stopped cleanly');
        expect(leftAlive).toEqual([]);
      }, 60_000);
    }
  });
}
