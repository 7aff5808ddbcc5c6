// The floor: a hand-written "gateway" that knows the benchmark's three operations and makes the
// same subgraph calls the query planner makes (customer, then product ∥ inventory `_entities` for
// the distinct product references), with keep-alive HTTP, and merges the results. No parsing,
// validation or planning of the client document: whatever a real gateway costs above this is its
// own overhead.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { keepAliveAgent, postJson } from './httpClient.ts';
import { SUBGRAPH_OPS, type OperationName } from './workload.ts';

type Json = any;
interface SubgraphResponse {
  data?: Json;
  errors?: unknown[];
}

export interface FloorOptions {
  subgraphUrls: Record<'customer' | 'product' | 'inventory' | 'offers', string>;
}

export function createFloorGateway(options: FloorOptions) {
  const agent = keepAliveAgent();
  const urls = Object.fromEntries(Object.entries(options.subgraphUrls).map(([k, v]) => [k, new URL(v)])) as Record<keyof FloorOptions['subgraphUrls'], URL>;
  const call = (subgraph: keyof typeof urls, query: string, variables: Record<string, unknown>) =>
    postJson<SubgraphResponse>(urls[subgraph], { query, variables }, agent).then((r) => {
      if (r.errors?.length) throw Object.assign(new Error('subgraph error'), { graphqlErrors: r.errors });
      return r.data;
    });

  /** `_entities` on one subgraph for distinct ids; returns id → entity. */
  async function entities(subgraph: 'product' | 'inventory', query: string, ids: string[]): Promise<Map<string, Json>> {
    const data = await call(subgraph, query, { representations: ids.map((id) => ({ __typename: 'Product', id })) });
    const byId = new Map<string, Json>();
    ids.forEach((id, i) => byId.set(id, data._entities[i]));
    return byId;
  }

  const handlers: Record<OperationName, (variables: Json) => Promise<Json>> = {
    async CustomerOrders(variables) {
      const data = await call('customer', SUBGRAPH_OPS.customerOrders, { id: variables.id });
      const customer = data.customer;
      if (!customer) return { customer: null };
      const ids = new Set<string>();
      for (const edge of customer.orders.edges) for (const line of edge.node.lines) if (line.product) ids.add(line.product.id);
      const distinct = [...ids];
      const [products, stock] = distinct.length
        ? await Promise.all([entities('product', SUBGRAPH_OPS.productNamePrice, distinct), entities('inventory', SUBGRAPH_OPS.inventoryAvailability, distinct)])
        : [new Map(), new Map()];
      return {
        customer: {
          orders: {
            edges: customer.orders.edges.map((edge: Json) => ({
              node: {
                lines: edge.node.lines.map((line: Json) => {
                  if (!line.product) return { product: null };
                  const p = products.get(line.product.id);
                  if (!p) return { product: null };
                  return { product: { name: p.name, price: p.price, availability: stock.get(line.product.id)?.availability ?? null } };
                }),
              },
            })),
          },
        },
      };
    },
    async Catalog(variables) {
      const data = await call('product', SUBGRAPH_OPS.catalogProducts, { minPrice: variables.minPrice });
      const nodes = data.products.edges.map((e: Json) => e.node);
      const stock = nodes.length ? await entities('inventory', SUBGRAPH_OPS.inventoryAvailability, [...new Set<string>(nodes.map((n: Json) => n.id))]) : new Map();
      return {
        products: {
          edges: nodes.map((n: Json) => ({ node: { id: n.id, name: n.name, price: n.price, availability: stock.get(n.id)?.availability ?? null } })),
        },
      };
    },
    async RecordView(variables) {
      return call('customer', SUBGRAPH_OPS.recordView, { input: variables.input });
    },
  };

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    res.setHeader('content-type', 'application/json');
    let body: Json;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      res.statusCode = 400;
      res.end('{"errors":[{"message":"bad JSON"}]}');
      return;
    }
    const handler = handlers[body?.operationName as OperationName];
    if (!handler) {
      // Readiness probes and anything else: the floor only knows the benchmark's operations.
      res.end(JSON.stringify(body?.query?.includes('__typename') ? { data: { __typename: 'Query' } } : { errors: [{ message: 'unknown operation' }] }));
      return;
    }
    try {
      res.end(JSON.stringify({ data: await handler(body.variables ?? {}) }));
    } catch (error) {
      res.end(JSON.stringify({ data: null, errors: (error as { graphqlErrors?: unknown[] }).graphqlErrors ?? [{ message: String(error) }] }));
    }
  }

  return {
    async listen(port = 0, host = '127.0.0.1') {
      const server = http.createServer((req, res) => void handle(req, res));
      server.keepAliveTimeout = 65_000;
      await new Promise<void>((resolve) => server.listen(port, host, () => resolve()));
      const address = server.address() as AddressInfo;
      return {
        url: `http://${host}:${address.port}/graphql`,
        async stop() {
          await new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
          });
          agent.destroy();
        },
      };
    },
  };
}
