// The arithmetic sentences of the offers latency section: a breakdown whose parts do not add up is
// said so, never printed with a negative term.
import { describe, expect, it } from 'vitest';
import { queueingSentence, serverTimeBreakdown } from '../bench/offersLatencyReport.ts';

describe('serverTimeBreakdown', () => {
  it('gives the gateway hop the remainder when the parts add up', () => {
    expect(serverTimeBreakdown(23.74, 14.81, 6.5)).toBe(
      "Server time adds up: the full request's 23.74 ms ≈ the floor's 14.81 ms + the offers subgraph's own 6.50 ms + 2.43 ms for the gateway's second hop (planning the @requires step, sending the representation, merging).",
    );
  });

  it('says the parts do not add up instead of printing a negative remainder', () => {
    const text = serverTimeBreakdown(23.74, 14.81, 11.86);
    expect(text).not.toMatch(/\+ -|\+ −|-\d/);
    expect(text).toContain('does not add up');
    expect(text).toContain('2.93 ms less than');
    expect(text).toContain('does not resolve');
  });
});

describe('queueingSentence', () => {
  it('compares the p50 with the concurrency times the server time per request', () => {
    expect(queueingSentence(32, 705.4, 21.99)).toBe('At this concurrency one thread serves everything, so latency is mostly queueing: p50 705.4 ms against 32 × 21.99 ms = 703.7 ms of server time for the requests in flight.');
    expect(queueingSentence(32, 400, 21.99)).toContain('43 % apart');
  });
});
