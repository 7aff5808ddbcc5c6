// The sold-out bench's report: per-stack percentiles of every leg (summarise) and the "Sold out to
// offers" section of docs/BENCHMARKS.md (soldOutSection), in which every figure, and every
// comparison or conclusion drawn, comes from the run's own results: a leg a stack could not time
// is left out, not shown as NaN. Kept apart from the bench so a test can hold it to that.
import { clock, machine, percentile } from './common.ts';

/** The stacks: in process on the in-process bus and on Redis Streams, and the processes as deployed. */
export type Mode = 'memory' | 'redis' | 'processes';

export interface Trial {
  mode: Mode;
  trial: number;
  customer: string;
  store: string;
  product: string;
  units: number;
  /** Selection attempts (offers answers read) before a product with enough stock was found. */
  picks: number;
  timedOut: boolean;
  mutationMs: number;
  /** End to end: the mutation's response → the first personalizedOffers answer without the product. */
  e2eFromResponseMs: number;
  /** End to end from the moment the mutation was sent. */
  e2eFromSendMs: number;
  /** Sent → inventory committed (outbox.wake). */
  commitMs: number;
  /** Commit → the relay publishes it (outbox leg: wake → SELECT … FOR UPDATE → bus.publish). */
  relayMs: number;
  /** bus.publish call → the bus accepted it (XADD round trip on Redis). */
  publishMs: number;
  /** bus.publish call → the read model applied it (bus delivery). */
  deliveryMs: number;
  /** The bus leg: commit → read model; and from the mutation's send / response (negative: before the response arrived). */
  busFromCommitMs: number;
  busFromSendMs: number;
  busFromResponseMs: number;
  /** The next decision's own part: max(read model has it, mutation response) → the answer without the product. */
  decisionMs: number;
  /** Latency of the personalizedOffers request that first showed it gone. */
  detectingPollMs: number;
  /** Whether that request had left before the read model had the sale (it read the read model mid-flight). */
  detectingPollSentBeforeApply: boolean;
  polls: number;
  /** The answers in which the product was missing but not (yet) for stock: exploration, another removal reason. */
  missingForOtherReasons: number;
  /** The product was listed under removed INSUFFICIENT_STOCK in the answer that showed it gone. */
  listedInsufficientStock: boolean;
  restockMutationMs: number;
  /** RECEIPT's response → read model has it (negative: before the response arrived). */
  restockBusFromResponseMs: number;
}

export interface Stats {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  min: number;
  mean: number;
}

export function stats(values: readonly number[]): Stats {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  const r = (x: number) => Math.round(x * 100) / 100;
  return {
    n: v.length,
    p50: r(percentile(v, 0.5)),
    p95: r(percentile(v, 0.95)),
    p99: r(percentile(v, 0.99)),
    max: r(v[v.length - 1] ?? NaN),
    min: r(v[0] ?? NaN),
    mean: r(v.length ? v.reduce((a, b) => a + b, 0) / v.length : NaN),
  };
}

export interface Browsing {
  shoppers: number;
  decisionsPerShopper: number;
  aliasesPerRequest: number;
  decisions: number;
  servedOffers: number;
  /** Served where HOLD_BELOW or fewer units were available: the offers the old rule held a unit for. */
  shortOffers: number;
  /** Distinct (product, location) rows of those offers, and of (shopper, product) pairs. */
  rows: number;
  shopperProducts: number;
  available: {
    before: number;
    afterBrowsing: number;
    oldRule: number;
    oldRuleReleased: number;
    addedToCart: number;
    afterDismissals: number;
  };
  /** reserveStock answers when the bench placed the old rule's holds. */
  oldRuleHolds: { placed: number; refused: number };
  /** Rows with stock before browsing and none left under the old rule / after the add-to-carts. */
  rowsEmptied: { oldRule: number; addedToCart: number };
  /** ACTIVE holds of the browsing shoppers after the add-to-carts, and the add-to-cart outcomes sent. */
  addToCart: { outcomes: number; holds: number };
  reservedAfterBrowsing: number;
  seconds: number;
}

export type Summary = ReturnType<typeof summarise>;

/** One stack's trials and what the bench knows about the stack. */
export interface StackRun {
  mode: Mode;
  label: string;
  trials: readonly Trial[];
  seedSeconds: number;
  startSeconds: number;
  streamPrefix: string | null;
  skippedOffers: { noStock: number; disagrees: number };
  errors: string[];
}

/** Per-stack percentiles of every leg and the counts the report quotes. */
export function summarise(r: StackRun, targetMs: number, relayPollMs: number) {
  const t = r.trials;
  const field = (f: (x: Trial) => number) => stats(t.map(f));
  return {
    mode: r.mode,
    label: r.label,
    trials: t.length,
    timedOut: t.filter((x) => x.timedOut).length,
    overTargetFromResponse: t.filter((x) => !(x.e2eFromResponseMs <= targetMs)).length,
    overTargetFromSend: t.filter((x) => !(x.e2eFromSendMs <= targetMs)).length,
    e2eFromResponseMs: field((x) => x.e2eFromResponseMs),
    e2eFromSendMs: field((x) => x.e2eFromSendMs),
    mutationMs: field((x) => x.mutationMs),
    commitMs: field((x) => x.commitMs),
    relayMs: field((x) => x.relayMs),
    publishMs: field((x) => x.publishMs),
    deliveryMs: field((x) => x.deliveryMs),
    busFromCommitMs: field((x) => x.busFromCommitMs),
    busFromSendMs: field((x) => x.busFromSendMs),
    busFromResponseMs: field((x) => x.busFromResponseMs),
    decisionMs: field((x) => x.decisionMs),
    detectingPollMs: field((x) => x.detectingPollMs),
    polls: field((x) => x.polls),
    appliedBeforeResponse: t.filter((x) => x.busFromResponseMs < 0).length,
    goneOnFirstRequest: t.filter((x) => x.polls === 1 && !x.timedOut).length,
    detectingPollSentBeforeApply: t.filter((x) => x.detectingPollSentBeforeApply).length,
    listedInsufficientStock: t.filter((x) => x.listedInsufficientStock).length,
    missingForOtherReasons: t.reduce((s, x) => s + x.missingForOtherReasons, 0),
    /** Trials whose relay leg (commit → publish) was as long as the relay's poll interval or longer. */
    relayAtLeastPoll: t.filter((x) => x.relayMs >= relayPollMs).length,
    restockBusFromResponseMs: field((x) => x.restockBusFromResponseMs),
    seedSeconds: Math.round(r.seedSeconds * 10) / 10,
    startSeconds: Math.round(r.startSeconds * 10) / 10,
    streamPrefix: r.streamPrefix,
    skippedOffers: r.skippedOffers,
    errors: r.errors,
  };
}

/** What the section is written from (docs/bench/soldout.json holds the same). */
/** The section's heading, exactly as the section writes it (replaceSection matches the whole line). */
export const SOLD_OUT_HEADING = '## Sold out to offers (npm run bench:soldout)';

export interface Result {
  command: string;
  date: string;
  /** The commit the run measured (runCommit). */
  commit: string;
  targetMs: number;
  machine: ReturnType<typeof machine> & { procLoadavgAtStart: string; procLoadavgAtEnd: string };
  trialSeconds: number;
  world: { seedSeconds: number[]; customers: number; stores: number; storeStockRows: number; storeStockRowsWithStock: number; storeStockRowsShort: number };
  setup: { trialsPerMode: number; warmupTrialsPerMode: number; interleaved: boolean; timeoutMs: number; limit: number; holdBelowUnits: number; holdTtlSeconds: number; outboxRelayPollMs: number; redis: { used: boolean; reason: string; url: string }; processes: { used: boolean; reason: string; postgresUrl: string } };
  browsing: Browsing | null;
  errors: string[];
}

/** The "Sold out to offers" section of docs/BENCHMARKS.md: every figure and every comparison from this run's results. */
export function soldOutSection(r: Result, s: readonly Summary[], wallMs: number): string {
  const TARGET_MS = r.targetMs;
  const f = (x: number) => (Number.isFinite(x) ? (Math.abs(x) >= 100 ? x.toFixed(0) : x.toFixed(1)) : '–');
  const int = (x: number) => (Number.isFinite(x) ? x.toFixed(0) : '–');
  const cells = (st: Stats, bold: boolean) => [st.p50, st.p95, st.p99, st.max].map((v) => (bold ? `**${f(v)}**` : f(v))).join(' | ');
  // One row per stack that measured the leg: the processes can only be timed from outside.
  const byMode = (label: string, pick: (x: Summary) => Stats, { bold = false } = {}) =>
    s
      .filter((x) => pick(x).n > 0)
      .map((x, i) => `| ${i === 0 ? (bold ? `**${label}**` : label) : ''} | ${x.label} | ${cells(pick(x), bold)} |`);
  const mem = s.find((x) => x.mode === 'memory')!;
  const red = s.find((x) => x.mode === 'redis');
  const proc = s.find((x) => x.mode === 'processes');
  const share = (n: number, of: number) => `${n}/${of}`;
  const count = (x: Summary) =>
    `| ${x.label} | ${x.trials} | ${share(x.overTargetFromResponse, x.trials)} | ${share(x.overTargetFromSend, x.trials)} | ${x.timedOut} | ${int(x.polls.p50)} / ${int(x.polls.max)} | ${share(x.appliedBeforeResponse, x.trials)} | ${share(x.listedInsufficientStock, x.trials)} |`;
  const timedOutNote = (x: Summary) => (x.timedOut ? ` (${x.timedOut} timed out after ${r.setup.timeoutMs / 1000} s and are not in the percentiles)` : '');
  const verdict = (x: Summary) =>
    `${x.label}: p50 **${f(x.e2eFromResponseMs.p50)} ms**, p99 **${f(x.e2eFromResponseMs.p99)} ms** from the mutation's response, ${x.overTargetFromResponse} of ${x.trials} trials over ${TARGET_MS} ms${timedOutNote(x)} (${x.e2eFromResponseMs.p99 <= TARGET_MS ? 'within the target at p99' : 'over the target at p99'}); from the moment the mutation was sent p50 ${f(x.e2eFromSendMs.p50)} ms, p99 ${f(x.e2eFromSendMs.p99)} ms, ${x.overTargetFromSend} over ${TARGET_MS} ms`;
  const on = (x: Summary) => ({ memory: 'on the in-process bus', redis: 'on Redis Streams', processes: 'as deployed' })[x.mode];
  const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
  const list = (xs: string[]) => (xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs.at(-1)}`);
  const over = (pick: (x: Summary) => Stats) => s.filter((x) => !(pick(x).p99 <= TARGET_MS));
  const summaryLine = () => {
    const fromResponse = over((x) => x.e2eFromResponseMs);
    const fromSend = over((x) => x.e2eFromSendMs);
    const part = (xs: Summary[], pick: (x: Summary) => Stats) =>
      xs.length === 0 ? `every stack is within ${TARGET_MS} ms at p99` : `${list(xs.map((x) => `${x.label} (p99 ${f(pick(x).p99)} ms)`))} ${xs.length > 1 ? 'are' : 'is'} over ${TARGET_MS} ms at p99`;
    return `counted from the mutation's response, ${part(fromResponse, (x) => x.e2eFromResponseMs)}; counted from the moment the sale was sent, ${part(fromSend, (x) => x.e2eFromSendMs)}`;
  };
  // The in-process legs at the median, longest first.
  const legs = [
    { name: 'the outbox relay', ms: mem.relayMs.p50 },
    { name: 'the bus delivery', ms: mem.deliveryMs.p50 },
    { name: 'the next decision', ms: mem.decisionMs.p50 },
  ].filter((l) => Number.isFinite(l.ms)).sort((a, b) => b.ms - a.ms);
  const relayed = s.filter((x) => x.relayMs.n > 0);
  const worstRelay = relayed.reduce<Summary | null>((w, x) => (w === null || x.relayMs.max > w.relayMs.max ? x : w), null);
  const relayTrials = relayed.reduce((n, x) => n + x.relayMs.n, 0);
  const relayAtLeastPoll = relayed.reduce((n, x) => n + x.relayAtLeastPoll, 0);
  const goneFirst = (x: Summary) => x.goneOnFirstRequest === x.trials;
  const b = r.browsing;
  const pct = (part: number, whole: number) => (whole > 0 ? `${Math.round((100 * part) / whole)} %` : '–');

  const timings = [
    '| ms per sell-out | stack | p50 | p95 | p99 | max |',
    '| --- | --- | ---: | ---: | ---: | ---: |',
    ...byMode(`gone from the store's offers, from the mutation's response`, (x) => x.e2eFromResponseMs, { bold: true }),
    ...byMode('gone, from the moment the mutation was sent', (x) => x.e2eFromSendMs),
    ...byMode('adjustStock(SALE) through the gateway (send → response)', (x) => x.mutationMs),
    ...byMode('bus leg: commit → read model', (x) => x.busFromCommitMs),
    ...byMode('… outbox relay: commit → bus.publish', (x) => x.relayMs),
    ...byMode('… bus delivery: bus.publish → read model', (x) => x.deliveryMs),
    ...byMode(`bus leg from the mutation's response (negative: before it)`, (x) => x.busFromResponseMs),
    ...byMode(`sale at the bench's own stream consumer, from the mutation's send`, (x) => (x.mode === 'processes' ? x.busFromSendMs : { ...x.busFromSendMs, n: 0 })),
    ...byMode('next decision: max(read model, response) → answer without it', (x) => x.decisionMs),
    ...byMode('the personalizedOffers request that showed it gone', (x) => x.detectingPollMs),
  ].join('\n');

  const browsingSection = b
    ? `
**Browsing does not drain stock any more.** After the trials, on the in-process stack: ${b.shoppers} shoppers, each ${b.decisionsPerShopper} \`personalizedOffers\` at a store (limit ${r.setup.limit}) and one request with ${b.aliasesPerRequest} aliases of it — ${b.decisions} decisions, ${b.servedOffers} offers served, ${b.shortOffers} of them where ${r.setup.holdBelowUnits} or fewer units were available to promise (\`DecisionItem.holdLocationId\`: the offers the old rule held a unit for, for ${r.setup.holdTtlSeconds / 60} minutes), on ${b.rows} stock rows (the frequency cap is lifted on this stack, as for the trials, so a shopper is served the same offer again). Available to promise summed over those rows, read from the database (${b.seconds} s for the phase):

| after | available to promise | change |
| --- | ---: | ---: |
| nothing (before browsing) | ${b.available.before} | |
| the browsing: serving holds nothing (units held by it: ${b.reservedAfterBrowsing}) | **${b.available.afterBrowsing}** | ${b.available.afterBrowsing - b.available.before} |
| the same decisions under the old rule: the bench holds one unit per short-stock offer served (\`reserveStock\`, ${b.oldRuleHolds.placed} placed, ${b.oldRuleHolds.refused} refused for want of stock) | **${b.available.oldRule}** | ${b.available.oldRule - b.available.before} |
| … those holds released | ${b.available.oldRuleReleased} | ${b.available.oldRuleReleased - b.available.before} |
| an ADD_TO_CART of every short-stock offer served (${b.addToCart.outcomes} add-to-carts by ${b.shopperProducts} shopper × product pairs; ${b.addToCart.holds} holds placed) | ${b.available.addedToCart} | ${b.available.addedToCart - b.available.before} |
| one DISMISS per shopper × product | ${b.available.afterDismissals} | ${b.available.afterDismissals - b.available.before} |

Under the old rule these ${b.decisions} decisions would have taken ${b.available.before - b.available.oldRule} of the ${b.available.before} units (${pct(b.available.before - b.available.oldRule, b.available.before)}) and left ${b.rowsEmptied.oldRule} of the ${b.rows} rows with nothing to promise; serving them took ${b.available.before - b.available.afterBrowsing}. Even with every one of those offers added to the cart, ${b.addToCart.holds} units were held — ${b.addToCart.holds === b.shopperProducts ? 'one per shopper and product' : `for ${b.shopperProducts} shopper × product pairs`} — and ${b.rowsEmptied.addedToCart} rows were left with nothing to promise.`
    : '';

  return `${SOLD_OUT_HEADING}

Command: \`${r.command}\` (${clock(wallMs)} wall, of which ${clock(r.trialSeconds * 1000)} of trials; ${r.date.slice(0, 16).replace('T', ' ')} UTC, commit ${r.commit}; ${r.machine.cores} cores (${r.machine.cpu}), Node ${r.machine.node}). \`cat /proc/loadavg\`: \`${r.machine.procLoadavgAtStart}\` at the start, \`${r.machine.procLoadavgAtEnd}\` at the end (the machine is shared). Raw results, every trial: [bench/soldout.json](bench/soldout.json); plot: [bench/soldout.svg](bench/soldout.svg).

Issue 4: a unit sold out in a store disappears from that store's offers within ${TARGET_MS} ms, end to end through the gateway. The path: \`adjustStock\` commits the change with a \`stock.adjusted\` event in the transactional outbox and wakes the outbox relay (\`outbox.wake()\` after the commit); the relay publishes it on the event bus; the offers engine's read model (\`CandidateCatalog\`) sets the store's available-to-promise (when the event's row version is newer than the one it holds); the next \`personalizedOffers\` removes the product (INSUFFICIENT_STOCK). Issue 8: serving an offer on short stock used to hold a unit for everyone else's loss; now only an add-to-cart holds one (last paragraph).

**Setup.** ${plural(s.length, 'stack')} side by side, each on a database of its own seeded with the small world (\`seedWorld(db, SMALL_WORLD)\`, ${r.world.seedSeconds.join(' s, ')} s): in this process (\`startStack\`), on embedded PGlite, the **in-process bus** (default)${red ? `, **Redis Streams** (\`redisUrl\` ${r.setup.redis.url}, a stream prefix of this run's own, deleted at the end)` : ` (Redis was not used: ${r.setup.redis.reason})`}${proc ? `, and the product **as deployed: processes on Postgres + Redis** — each subgraph and the gateway in a process of its own started from its boot file (\`subgraphs/*/src/main.ts\`, \`gateway/src/main.ts\`), on a scratch Postgres database (${r.setup.processes.postgresUrl.replace(/\/[^/]*$/, '/…')}) seeded with the same world, events over Redis Streams, \`OFFERS_FREQUENCY_CAP\` lifted as below` : ` (the processes stack was not run: ${r.setup.processes.reason})`}. Trials alternate between the stacks, so load from other processes falls on all alike: ${r.setup.trialsPerMode} per stack, after ${plural(r.setup.warmupTrialsPerMode, 'warm-up trial')} each, one HTTP request at a time through the gateway (keep-alive). Each trial: \`personalizedOffers(context: { channel: STORE, device: IN_STORE, locationId }, limit: ${r.setup.limit})\` for the next shopper at the next of the ${r.world.stores} stores (the same sequence on every stack); the target is the first offered product with stock to promise there, as the database and the read model both say (${r.world.storeStockRowsWithStock} of the ${r.world.storeStockRows} store stock rows have some; the trials add nothing to a cart, so no hold moves the target's stock); one \`adjustStock(reason: SALE, delta: −available, eventId)\` through the gateway sells all of it; the same shopper's \`personalizedOffers\` at that store is then asked again, back to back, until the product is gone — not in \`offers\`, and its offer ids under \`removed\` INSUFFICIENT_STOCK (or not listed at all once the read model has the sale: \`removed\` lists at most 20 ids per reason); then \`adjustStock(RECEIPT)\` puts the units back and the trial waits until the read model has the receipt. The offer policy's frequency cap is lifted (\`offersPolicy.frequencyCap\`): it is checked before stock, so the third serving of the product to the same shopper would otherwise remove it as FREQUENCY_CAP and hide the stock signal. Nothing else differs from \`npm start\` (outbox relay poll ${r.setup.outboxRelayPollMs} ms, woken after commits).

**How the legs are timed**, in process, without changing the path: the inventory's \`outbox.wake()\` call right after \`adjustStock\`'s commit ("commit"), the relay's \`bus.publish\` of the sale's \`stock.adjusted\` ("publish") and \`CandidateCatalog.applyStockEvent\` for it in the offers engine ("read model"), on the same clock as the HTTP timestamps. The processes can only be timed from outside: there the bench's own Redis consumer of the stock stream stands in for the read model (the offers process reads the same stream), so only the legs measured from the mutation's send and response are shown for it. The **bus leg** is commit → read model; the **next decision** runs from whichever came last, the read model having the sale or the mutation's response, to the answer without the product.

${timings}

| stack | trials | over ${TARGET_MS} ms from the response | over ${TARGET_MS} ms from the send | timed out (${r.setup.timeoutMs / 1000} s) | requests until gone, p50 / max | the sale applied before the response arrived (processes: at the bench's stream consumer) | listed under INSUFFICIENT_STOCK |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${s.map(count).join('\n')}

![sold out to offers: CDF per stack and the median timeline](bench/soldout.svg)

**Reading.**
${s.map((x) => `- ${verdict(x)}.`).join('\n')}
- **In short:** ${summaryLine()}.${legs.length ? ` On the in-process bus the longest leg at the median is ${legs[0]!.name}, ${f(legs[0]!.ms)} ms${legs.length > 1 ? `; ${list(legs.slice(1).map((l) => `${l.name} ${f(l.ms)} ms`))}` : ''}.` : ''}
${proc ? `- **As deployed** (five processes, Postgres, Redis Streams): gone p50 **${f(proc.e2eFromResponseMs.p50)} ms** / p99 **${f(proc.e2eFromResponseMs.p99)} ms** from the mutation's response, p50 ${f(proc.e2eFromSendMs.p50)} ms / p99 ${f(proc.e2eFromSendMs.p99)} ms from its send (${proc.overTargetFromSend} of ${proc.trials} over ${TARGET_MS} ms); adjustStock p50 ${f(proc.mutationMs.p50)} ms; the sale reached the bench's own stream consumer p50 ${f(proc.busFromSendMs.p50)} ms / p99 ${f(proc.busFromSendMs.p99)} ms after the send, and the first request after the response answered without the product in ${share(proc.goneOnFirstRequest, proc.trials)} trials.\n` : ''}${worstRelay ? `- **The outbox relay leg.** \`InventoryService.adjustStock\` calls \`outbox.wake()\` after its commit (subgraphs/inventory/src/inventoryService.ts); the relay published the sale ${f(mem.relayMs.p50)} ms after the commit at the median ${on(mem)}${relayed.length > 1 ? ` (${list(relayed.filter((x) => x !== mem).map((x) => `${f(x.relayMs.p50)} ms ${on(x)}`))})` : ''}, ${f(worstRelay.relayMs.max)} ms at worst (${on(worstRelay)}); ${relayAtLeastPoll} of the ${relayTrials} trials timed in process took ${r.setup.outboxRelayPollMs} ms or more, as long as the relay's fallback poll. The bus leg (commit → read model) is ${list(relayed.filter((x) => x.busFromCommitMs.n > 0).map((x) => `p50 ${f(x.busFromCommitMs.p50)} ms / p99 ${f(x.busFromCommitMs.p99)} ms ${on(x)}`))}.\n` : ''}- **${goneFirst(mem) && (!red || goneFirst(red)) ? 'After the response, the time is one decision.' : 'After the response.'}** On the in-process bus the read model had the sale before the mutation's response reached the client in ${share(mem.appliedBeforeResponse, mem.trials)} trials, and the first \`personalizedOffers\` after the response answered without the product in ${share(mem.goneOnFirstRequest, mem.trials)} (at most ${plural(mem.polls.max, 'request')}); that request took p50 ${f(mem.detectingPollMs.p50)} ms.${red ? ` On Redis the sale reached the read model after the response in ${share(red.trials - red.appliedBeforeResponse, red.trials)} trials (at the median ${f(Math.abs(red.busFromResponseMs.p50))} ms ${red.busFromResponseMs.p50 < 0 ? 'before' : 'after'} it); in ${share(red.detectingPollSentBeforeApply, red.trials)} trials the request that showed the product gone had left before the read model had the sale; the first request after the response answered without the product in ${share(red.goneOnFirstRequest, red.trials)} trials (at most ${plural(red.polls.max, 'request')}), and that request took p50 ${f(red.detectingPollMs.p50)} ms.` : ''}
- **What this set-up exaggerates.** The in-process stacks run on one Node.js thread and one PGlite connection: a relay batch and a decision being ranked queue behind one another, and the relay keeps its database transaction open while it publishes a batch (on Redis, one pipeline: one round trip for the batch). ${proc ? 'The processes stack shows the deployed shape: a process per subgraph, Postgres with a connection pool.' : 'The deployed shape (a process per subgraph, Postgres) was not run.'}
${r.errors.length ? `- **Problems:** ${r.errors.length} (first: ${r.errors[0]}).\n` : ''}${browsingSection}`.trimEnd() + '\n';
}
