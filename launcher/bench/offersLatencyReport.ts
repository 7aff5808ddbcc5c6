// Sentences of the "Offers through the gateway" section that are arithmetic on the run's figures,
// kept apart from the bench (which starts a whole stack when imported) so they can be tested.

const ms = (x: number) => `${x.toFixed(2)} ms`;

/**
 * Where the full request's server time goes, at concurrency 1: the floor (gateway + customer
 * subgraph for the @requires fields), the offers subgraph asked directly, and what is left for the
 * gateway's second hop. The three are measured in separate windows, so the parts need not add up:
 * a negative remainder is said to be unresolved, never printed as a negative cost.
 */
export function serverTimeBreakdown(fullMs: number, floorMs: number, directMs: number): string {
  const remainder = fullMs - floorMs - directMs;
  const hop = "the gateway's second hop (planning the @requires step, sending the representation, merging)";
  if (remainder >= 0) return `Server time adds up: the full request's ${ms(fullMs)} ≈ the floor's ${ms(floorMs)} + the offers subgraph's own ${ms(directMs)} + ${ms(remainder)} for ${hop}.`;
  return `Server time does not add up in this run: the full request's ${ms(fullMs)} is ${ms(-remainder)} less than the floor's ${ms(floorMs)} and the offers subgraph's own ${ms(directMs)} together. The three are measured in separate windows, so their parts need not add up exactly, and with a remainder below zero this run does not resolve ${hop}.`;
}

/** At concurrency c one thread serves every request, so a request waits for the c − 1 ahead of it: p50 ≈ c × server time per request. */
export function queueingSentence(concurrency: number, p50Ms: number, serverMsPerRequest: number): string {
  const predicted = concurrency * serverMsPerRequest;
  const off = Math.abs(p50Ms / predicted - 1);
  return `At this concurrency one thread serves everything, so latency is mostly queueing: p50 ${p50Ms.toFixed(1)} ms against ${concurrency} × ${ms(serverMsPerRequest)} = ${predicted.toFixed(1)} ms of server time for the requests in flight${off <= 0.15 ? '' : ` (${(100 * off).toFixed(0)} % apart: more than queueing is at work)`}.`;
}
