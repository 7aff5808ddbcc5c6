// The sold-out bench's report says only what its own figures say: a leg a stack could not time (the
// processes are timed from outside) is left out rather than shown as NaN or "–", the relay's worst
// case and the poll sentence come from the stacks that timed the relay, and the browsing paragraph
// is computed from the browsing phase's figures.
import { describe, expect, it } from 'vitest';
import { soldOutSection, summarise, type Browsing, type Mode, type Result, type Trial } from '../bench/soldOutReport.ts';

const LABEL: Record<Mode, string> = { memory: 'in-process bus', redis: 'Redis Streams', processes: 'processes on Postgres + Redis' };

function trial(mode: Mode, k: number, relayMs: number): Trial {
  const timedInProcess = mode !== 'processes';
  return {
    mode, trial: k, customer: 'c', store: 's', product: 'p', units: 3, picks: 1, timedOut: false,
    mutationMs: 20, e2eFromResponseMs: 30 + k, e2eFromSendMs: 50 + k,
    commitMs: timedInProcess ? 15 : NaN, relayMs: timedInProcess ? relayMs : NaN, publishMs: timedInProcess ? 0.5 : NaN,
    deliveryMs: timedInProcess ? 1 : NaN, busFromCommitMs: timedInProcess ? relayMs + 1 : NaN,
    busFromSendMs: 18, busFromResponseMs: -2, decisionMs: 30 + k, detectingPollMs: 30 + k, detectingPollSentBeforeApply: false,
    polls: 1, missingForOtherReasons: 0, listedInsufficientStock: true, restockMutationMs: 20, restockBusFromResponseMs: -1,
  };
}

function report(relays: Record<Mode, number[]>, browsing: Browsing | null = null): string {
  const summaries = (Object.keys(relays) as Mode[]).map((mode) =>
    summarise({ mode, label: LABEL[mode], trials: relays[mode].map((ms, k) => trial(mode, k, ms)), seedSeconds: 1, startSeconds: 1, streamPrefix: null, skippedOffers: { noStock: 0, disagrees: 0 }, errors: [] }, 100, 250),
  );
  const result: Result = {
    command: 'npm run bench:soldout', date: '2026-12-02T12:00:00.000Z', commit: 'abc1234', targetMs: 100,
    machine: { cores: 2, cpu: 'cpu', memoryGb: 4, node: 'v20', procLoadavg: '1', procLoadavgAtStart: '1', procLoadavgAtEnd: '1' },
    trialSeconds: 3,
    world: { seedSeconds: [1, 1, 1], customers: 10, stores: 2, storeStockRows: 20, storeStockRowsWithStock: 18, storeStockRowsShort: 9 },
    setup: { trialsPerMode: 3, warmupTrialsPerMode: 1, interleaved: true, timeoutMs: 5000, limit: 3, holdBelowUnits: 20, holdTtlSeconds: 900, outboxRelayPollMs: 250, redis: { used: true, reason: '', url: 'redis://x' }, processes: { used: true, reason: '', postgresUrl: 'postgres://x/y' } },
    browsing,
    errors: [],
  };
  return soldOutSection(result, summaries, 10_000);
}

describe('the sold-out report', () => {
  it('leaves out the legs the processes could not time, and takes the relay\u2019s worst case over the stacks that timed it', () => {
    const md = report({ memory: [2, 3.0, 1], redis: [6.7, 2, 1], processes: [0, 0, 0] });
    expect(md).not.toMatch(/NaN|– ms|\| – \|/);
    expect(md).toContain('6.7 ms at worst (on Redis Streams); 0 of the 6 trials timed in process took 250 ms or more');
    const table = md.split('\n');
    const at = table.findIndex((l) => l.startsWith('| … outbox relay'));
    expect(table[at]).toContain('in-process bus');
    expect(table[at + 1]).toContain('Redis Streams');
    expect(table[at + 2]).not.toContain('processes'); // the row after Redis Streams is the next leg's
    expect(md).not.toContain('some trials waited for the 250 ms poll');
  });

  it('counts the trials whose relay leg took as long as the poll, instead of guessing', () => {
    const md = report({ memory: [2, 300, 1], redis: [2, 2, 1], processes: [0, 0, 0] });
    expect(md).toContain('300 ms at worst (on the in-process bus); 1 of the 6 trials timed in process took 250 ms or more');
  });

  it('writes the browsing paragraph from the browsing figures, and none without them', () => {
    const browsing: Browsing = {
      shoppers: 4, decisionsPerShopper: 2, aliasesPerRequest: 8, decisions: 40, servedOffers: 120, shortOffers: 60, rows: 10, shopperProducts: 7,
      available: { before: 80, afterBrowsing: 80, oldRule: 20, oldRuleReleased: 80, addedToCart: 73, afterDismissals: 80 },
      oldRuleHolds: { placed: 60, refused: 0 }, rowsEmptied: { oldRule: 6, addedToCart: 0 }, addToCart: { outcomes: 60, holds: 7 }, reservedAfterBrowsing: 0, seconds: 2,
    };
    const md = report({ memory: [1], redis: [1], processes: [0] }, browsing);
    expect(md).toContain('Under the old rule these 40 decisions would have taken 60 of the 80 units (75 %) and left 6 of the 10 rows with nothing to promise; serving them took 0.');
    expect(md).toContain('7 units were held — one per shopper and product — and 0 rows were left with nothing to promise.');
    expect(report({ memory: [1], redis: [1], processes: [0] })).not.toContain('Browsing');
  });
});
