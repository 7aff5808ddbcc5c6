// What the gateway benchmark sends: the client operations, how their variables vary from request
// to request, and (for the floor) the subgraph operations the query planner makes for them.
import { installedVersion, minorVersion } from './installedVersion.ts';

/** The gateways compared, in the order they run. `floor` is the hand-written lower bound. */
export const CANDIDATES = ['floor', 'hive-rust', 'hive-rust-untuned', 'hive-js', 'apollo'] as const;
export type Candidate = (typeof CANDIDATES)[number];

export const CANDIDATE_LABELS: Record<Candidate, string> = {
  floor: 'floor: hand-written direct calls',
  'hive-rust': 'Hive Gateway + Rust planner (ours, tuned)',
  'hive-rust-untuned': 'Hive Gateway + Rust planner, before tuning',
  'hive-js': 'Hive Gateway + JS planner',
  apollo: `@apollo/gateway ${minorVersion(installedVersion('@apollo/gateway'))} + @apollo/server ${installedVersion('@apollo/server').split('.')[0]}`,
};

export type OperationName = 'CustomerOrders' | 'Catalog' | 'RecordView';

export interface Workload {
  customerIds: string[];
  productIds: string[];
}

/** The three-subgraph query: customer → (product ∥ inventory). */
export const CUSTOMER_ORDERS = /* GraphQL */ `query CustomerOrders($id: ID!) {
  customer(id: $id) { orders(first: 5) { edges { node { lines { product { name price availability { available } } } } } } }
}`;

/** A catalog page: product → inventory. */
export const CATALOG = /* GraphQL */ `query Catalog($minPrice: Float!) {
  products(first: 20, filter: { minPrice: $minPrice }) { edges { node { id name price availability { available } } } }
}`;

/** A write that one subgraph serves: the gateway's pass-through cost. */
export const RECORD_VIEW = /* GraphQL */ `mutation RecordView($input: RecordInteractionInput!) {
  recordInteraction(input: $input) { id type channel device product { id } }
}`;

export const OPERATIONS: Record<OperationName, string> = { CustomerOrders: CUSTOMER_ORDERS, Catalog: CATALOG, RecordView: RECORD_VIEW };

/** The request body of the i-th request of an operation (variables vary over the seeded world). */
export function requestBody(operation: OperationName, i: number, w: Workload): string {
  return JSON.stringify({ query: OPERATIONS[operation], operationName: operation, variables: variablesFor(operation, i, w) });
}

export function variablesFor(operation: OperationName, i: number, w: Workload): Record<string, unknown> {
  switch (operation) {
    case 'CustomerOrders':
      return { id: w.customerIds[i % w.customerIds.length] };
    case 'Catalog':
      return { minPrice: (i * 7) % 150 };
    case 'RecordView':
      return {
        input: {
          customerId: w.customerIds[i % w.customerIds.length],
          type: 'VIEW',
          channel: 'WEB',
          device: i % 2 ? 'MOBILE' : 'DESKTOP',
          productId: w.productIds[i % w.productIds.length],
        },
      };
  }
}

// ---- The subgraph operations of the query plans (see the plans printed by the Apollo and Hive planners) ----

export const SUBGRAPH_OPS = {
  customerOrders: `query CustomerOrders__customer__0($id:ID!){customer(id:$id){orders(first:5){edges{node{lines{product{__typename id}}}}}}}`,
  productNamePrice: `query CustomerOrders__product__1($representations:[_Any!]!){_entities(representations:$representations){...on Product{name price}}}`,
  inventoryAvailability: `query CustomerOrders__inventory__2($representations:[_Any!]!){_entities(representations:$representations){...on Product{availability{available}}}}`,
  catalogProducts: `query Catalog__product__0($minPrice:Float!){products(first:20,filter:{minPrice:$minPrice}){edges{node{__typename id name price}}}}`,
  recordView: `mutation RecordView__customer__0($input:RecordInteractionInput!){recordInteraction(input:$input){id type channel device product{id}}}`,
} as const;

/** Key-sorted JSON, so results that differ only in key order compare equal. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]])) : v,
  );
}
