// The gateway's stop, as the signal handler and startStack call it: a request in flight is
// answered before the runtime is disposed of, each part of the stop is a named step (what the
// shutdown deadline reports as pending), and a second stop() settles with the first.
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { freePort } from '@retail/test-support/processes';
import { SUPERGRAPH_PATH } from '../src/composeSupergraph.ts';
import { createServer } from '../src/createServer.ts';

/** `{ __typename }` held in flight: headers and half the body now, the rest on finish(). The gateway answers it without a subgraph. */
function requestInFlight(url: string) {
  const body = Buffer.from(JSON.stringify({ query: '{ __typename }' }));
  const half = Math.floor(body.length / 2);
  const req = http.request(url, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': body.length } });
  const response = new Promise<{ status: number; text: string }>((resolve, reject) => {
    req.on('response', (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
  });
  const sent = new Promise<void>((resolve) => {
    req.flushHeaders();
    req.write(body.subarray(0, half), () => resolve());
  });
  return { sent, finish: () => req.end(body.subarray(half)), response };
}

describe('gateway stop', () => {
  it('answers the request in flight, in named steps; a second stop() settles with the first', async () => {
    const nowhere = `http://127.0.0.1:${await freePort()}/graphql`; // no subgraph is called
    const gateway = await createServer({
      supergraphSdl: readFileSync(SUPERGRAPH_PATH, 'utf8'),
      subgraphUrls: { customer: nowhere, product: nowhere, inventory: nowhere, offers: nowhere },
    }).listen(0);
    const inFlight = requestInFlight(gateway.url);
    await inFlight.sent;
    // The gateway has the request once it is counted as a connection that is not idle.
    await new Promise((r) => setTimeout(r, 100));

    const steps: string[] = [];
    const settled: string[] = [];
    const first = gateway.stop(async (name, fn) => {
      steps.push(name);
      return fn();
    });
    const second = gateway.stop();
    void first.then(() => settled.push('first'));
    void second.then(() => settled.push('second'));
    await new Promise((r) => setTimeout(r, 300));
    expect(settled, 'no stop() may finish while a request is in flight').toEqual([]);

    inFlight.finish();
    expect(await inFlight.response).toEqual({ status: 200, text: JSON.stringify({ data: { __typename: 'Query' } }) });
    await Promise.all([first, second]);
    expect(steps).toEqual(['gateway: requests in flight', 'gateway: runtime']);
  }, 60_000);
});
