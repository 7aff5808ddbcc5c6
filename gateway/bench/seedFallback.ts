// A deterministic stand-in world for the gateway benchmark, written with set-based SQL (a few
// seconds on embedded PGlite). Used only when @retail/db does not export seedWorld; the shapes
// match what the benchmark's queries read: customers with orders and lines, products with
// categories and brands, locations with stock, and interactions for realistic table sizes.
import type { Database } from '@retail/db';

export interface FallbackWorld {
  customers: number;
  products: number;
  locations: number;
  ordersPerCustomer: number;
  linesPerOrder: number;
  interactions: number;
}

export const FALLBACK_WORLD: FallbackWorld = { customers: 2_000, products: 500, locations: 12, ordersPerCustomer: 6, linesPerOrder: 3, interactions: 20_000 };

export async function seedFallbackWorld(db: Database, w: FallbackWorld = FALLBACK_WORLD): Promise<Record<string, number>> {
  const tiers = `(ARRAY['NONE','BRONZE','SILVER','GOLD','PLATINUM'])`;
  const channels = `(ARRAY['WEB','APP','STORE','EMAIL','SOCIAL','CALL_CENTRE'])`;
  const devices = `(ARRAY['DESKTOP','MOBILE','TABLET','IN_STORE','PHONE','OTHER'])`;
  const types = `(ARRAY['VIEW','SEARCH','ADD_TO_CART','REMOVE_FROM_CART','CHECKOUT_START','PURCHASE','CART_ABANDON','REVIEW','SERVICE_CONTACT'])`;
  // Deterministic pseudo-random in [0,1) from an integer: no random() so every run has the same world.
  const rnd = (expr: string, salt: number) => `(((${expr}) * 2654435761::bigint + ${salt * 40503}) % 1000003)::float8 / 1000003`;
  await db.sql.exec(`
    INSERT INTO "Category" (id, name, slug, "parentId", "marginFloor", "priceLow", "priceHigh")
      SELECT 'cat-' || g, 'Category ' || g, 'category-' || g, NULL, 0.1 + (g % 3) * 0.05, 1 + g, 50 + g * 20 FROM generate_series(1, 12) g;
    INSERT INTO "Brand" (id, name, tier) SELECT 'brand-' || g, 'Brand ' || g, 1 + g % 3 FROM generate_series(1, 30) g;
    INSERT INTO "Product" (id, sku, name, description, "categoryId", "brandId", price, "unitCost", lifecycle, attributes, rating, "reviewCount", "launchedAt")
      SELECT 'prod-' || g, 'SKU-' || lpad(g::text, 6, '0'), 'Product ' || g, 'Description of product ' || g,
             'cat-' || (1 + g % 12), 'brand-' || (1 + g % 30),
             round((2 + ${rnd('g', 1)} * 198)::numeric, 2), round((1 + ${rnd('g', 1)} * 120)::numeric, 2),
             (ARRAY['NEW','CORE','SEASONAL','CLEARANCE'])[1 + g % 4]::"Lifecycle", jsonb_build_object('size', g % 5),
             round((1 + ${rnd('g', 2)} * 4)::numeric, 1)::float8, (g * 7) % 300, TIMESTAMP '2025-01-01' + (g || ' hours')::interval
      FROM generate_series(1, ${w.products}) g;
    INSERT INTO "Location" (id, code, name, type, city, region, lat, lon, timezone)
      SELECT 'loc-' || g, 'L' || lpad(g::text, 3, '0'), 'Location ' || g, (CASE WHEN g <= 2 THEN 'WAREHOUSE' ELSE 'STORE' END)::"LocationType",
             'City ' || g, 'Region ' || (1 + g % 3), 51 + g * 0.1, -1 + g * 0.1, 'Europe/London'
      FROM generate_series(1, ${w.locations}) g;
    INSERT INTO "StockLevel" ("productId", "locationId", "onHand", reserved, "safetyStock", "updatedAt")
      SELECT 'prod-' || p, 'loc-' || l, (${rnd('p * 31 + l', 3)} * 200)::int, (${rnd('p * 31 + l', 4)} * 10)::int, 5, TIMESTAMP '2026-01-01'
      FROM generate_series(1, ${w.products}) p, generate_series(1, ${w.locations}) l;
    INSERT INTO "Customer" (id, email, "firstName", "lastName", "birthYear", "incomeBand", "homeCity", "homeStoreId", "loyaltyTier", "loyaltyPoints",
                            "consentEmail", "consentPersonalization", "priceSensitivity", segments, "createdAt", "updatedAt")
      SELECT 'cust-' || g, 'shopper' || g || '@example.com', 'First' || g, 'Last' || g, 1950 + g % 55, 1 + g % 5, 'City ' || (1 + g % 12),
             'loc-' || (3 + g % ${Math.max(1, w.locations - 2)}), ${tiers}[1 + g % 5]::"LoyaltyTier", (g * 37) % 5000, g % 2 = 0, g % 3 <> 0,
             ${rnd('g', 5)}, ARRAY['segment-' || (g % 7)], TIMESTAMP '2024-01-01' + (g || ' minutes')::interval, TIMESTAMP '2026-01-01'
      FROM generate_series(1, ${w.customers}) g;
    INSERT INTO "Order" (id, "customerId", channel, "locationId", status, total, "placedAt")
      SELECT 'ord-' || c || '-' || o, 'cust-' || c, ${channels}[1 + (c + o) % 6]::"Channel", NULL, 'FULFILLED'::"OrderStatus",
             round((10 + ${rnd('c * 100 + o', 6)} * 300)::numeric, 2), TIMESTAMP '2025-06-01' + ((c * 13 + o * 977) || ' minutes')::interval
      FROM generate_series(1, ${w.customers}) c, generate_series(1, ${w.ordersPerCustomer}) o;
    INSERT INTO "OrderLine" (id, "orderId", "productId", quantity, "unitPrice", discount)
      SELECT 'line-' || c || '-' || o || '-' || l, 'ord-' || c || '-' || o, 'prod-' || (1 + ((c * 7919 + o * 104729 + l * 1299709) % ${w.products})),
             1 + (c + l) % 3, round((2 + ${rnd('c * 1000 + o * 10 + l', 7)} * 100)::numeric, 2), 0
      FROM generate_series(1, ${w.customers}) c, generate_series(1, ${w.ordersPerCustomer}) o, generate_series(1, ${w.linesPerOrder}) l;
    INSERT INTO "Interaction" ("customerId", type, channel, device, "productId", "occurredAt")
      SELECT 'cust-' || (1 + g % ${w.customers}), ${types}[1 + g % 9]::"InteractionType", ${channels}[1 + g % 6]::"Channel", ${devices}[1 + g % 6]::"Device",
             'prod-' || (1 + (g * 7) % ${w.products}), TIMESTAMP '2025-01-01' + (g || ' minutes')::interval
      FROM generate_series(1, ${w.interactions}) g;
    ANALYZE;
  `);
  return {
    customers: w.customers,
    products: w.products,
    locations: w.locations,
    orders: w.customers * w.ordersPerCustomer,
    orderLines: w.customers * w.ordersPerCustomer * w.linesPerOrder,
    interactions: w.interactions,
  };
}
