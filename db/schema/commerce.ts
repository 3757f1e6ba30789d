import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  index,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";

const ts = (name?: string) => (name ? timestamp(name, { withTimezone: true }) : timestamp({ withTimezone: true }));
const money = () => bigint({ mode: "bigint" });

export type Address = {
  name: string;
  line1: string;
  line2?: string;
  city: string;
  region?: string;
  postalCode?: string;
  country: string;
  phone?: string;
};

// ---------------------------------------------------------------------------------------------- cart
export const cartsTable = pgTable(
  "carts",
  {
    id: text().primaryKey(),
    /** sha256 of the cart's secret token; the token itself is only ever held by the shopper. */
    tokenHash: text().notNull(),
    market: text().notNull(),
    currency: text().notNull(),
    email: text(),
    customerId: text(),
    shippingAddress: jsonb().$type<Address>(),
    shippingMethod: text(),
    discountCodes: text().array().notNull().default(sql`'{}'::text[]`),
    status: text({ enum: ["active", "checking_out", "completed", "abandoned"] }).notNull().default("active"),
    createdAt: ts().notNull().defaultNow(),
    updatedAt: ts().notNull().defaultNow(),
  },
  (t) => [index().on(t.updatedAt)],
);

export const cartLinesTable = pgTable(
  "cart_lines",
  {
    id: text().primaryKey(),
    cartId: text()
      .notNull()
      .references(() => cartsTable.id, { onDelete: "cascade" }),
    variantId: text().notNull(),
    quantity: integer().notNull(),
    createdAt: ts().notNull().defaultNow(),
  },
  (t) => [uniqueIndex().on(t.cartId, t.variantId)],
);

// ------------------------------------------------------------------------------------------ discounts
export const discountsTable = pgTable("discounts", {
  id: text().primaryKey(),
  /** Upper-case code as the shopper types it. */
  code: text().notNull().unique(),
  kind: text({ enum: ["percentage", "fixed", "free_shipping"] }).notNull(),
  /** Percentage in basis points (1000 = 10%). */
  percentBp: integer(),
  /** Fixed amounts per currency in minor units, e.g. {"EUR":"1000","JPY":"1500"}. */
  amounts: jsonb().$type<Record<string, string>>().notNull().default({}),
  /** Minimum subtotal per currency in minor units. */
  minSubtotal: jsonb().$type<Record<string, string>>().notNull().default({}),
  markets: text().array().notNull().default(sql`'{}'::text[]`),
  startsAt: ts(),
  endsAt: ts(),
  usageLimit: integer(),
  perCustomerLimit: integer(),
  usedCount: integer().notNull().default(0),
  active: integer().notNull().default(1),
  createdAt: ts().notNull().defaultNow(),
});

export const discountRedemptionsTable = pgTable(
  "discount_redemptions",
  {
    discountId: text()
      .notNull()
      .references(() => discountsTable.id),
    orderId: text().notNull(),
    /** Lower-case email: the per-customer key for guests and accounts alike. */
    customerKey: text().notNull(),
    createdAt: ts().notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.discountId, t.orderId] }), index().on(t.discountId, t.customerKey)],
);

// ------------------------------------------------------------------------------------------- shipping
export type WeightBand = { upToGrams: number | null; amount: string };

export const shippingRatesTable = pgTable(
  "shipping_rates",
  {
    id: text().primaryKey(),
    market: text().notNull(),
    method: text({ enum: ["express", "dedicated", "postal", "local"] }).notNull(),
    minDays: integer().notNull(),
    maxDays: integer().notNull(),
    /** Bands by total weight, amounts in the market currency's minor units; last band may be open. */
    bands: jsonb().$type<WeightBand[]>().notNull(),
    /** Free when the discounted subtotal reaches this (minor units), if set. */
    freeOver: money(),
    /** For "local": the overseas location that must hold every line. */
    locationId: text(),
    position: integer().notNull().default(0),
  },
  (t) => [uniqueIndex().on(t.market, t.method)],
);

// ------------------------------------------------------------------------------------------ inventory
export const inventoryReservationsTable = pgTable(
  "inventory_reservations",
  {
    id: text().primaryKey(),
    paymentId: text().notNull(),
    variantId: text().notNull(),
    locationId: text().notNull(),
    quantity: integer().notNull(),
    status: text({ enum: ["active", "committed", "released"] }).notNull().default("active"),
    expiresAt: ts().notNull(),
    createdAt: ts().notNull().defaultNow(),
  },
  (t) => [index().on(t.paymentId), index().on(t.status, t.expiresAt)],
);

// ------------------------------------------------------------------------------------------- payments
export const paymentsTable = pgTable(
  "payments",
  {
    id: text().primaryKey(),
    cartId: text().notNull(),
    /** Fingerprint of what is being paid for (lines, address, method, totals): same cart state → same payment. */
    fingerprint: text().notNull(),
    provider: text({ enum: ["stripe", "demo"] }).notNull(),
    providerRef: text(),
    clientSecret: text(),
    amount: money().notNull(),
    currency: text().notNull(),
    status: text({ enum: ["requires_payment", "pending", "succeeded", "failed", "canceled"] }).notNull().default("requires_payment"),
    /** The priced checkout this payment is for, so the order is built from exactly what was paid. */
    snapshot: jsonb().$type<Record<string, unknown>>().notNull(),
    orderId: text(),
    idempotencyKey: text().notNull(),
    createdAt: ts().notNull().defaultNow(),
    updatedAt: ts().notNull().defaultNow(),
  },
  (t) => [uniqueIndex().on(t.cartId, t.fingerprint), uniqueIndex().on(t.providerRef), index().on(t.cartId)],
);

export const webhookEventsTable = pgTable("webhook_events", {
  id: text().primaryKey(),
  provider: text().notNull(),
  type: text().notNull(),
  receivedAt: ts().notNull().defaultNow(),
});

// --------------------------------------------------------------------------------------------- orders
export const orderNumberSeq = pgSequence("order_number_seq", { startWith: 1001 });

export const ordersTable = pgTable(
  "orders",
  {
    id: text().primaryKey(),
    number: bigint({ mode: "number" }).notNull().unique().default(sql`nextval('order_number_seq')`),
    cartId: text().notNull().unique(),
    paymentId: text().notNull(),
    /** sha256 of the order's access token (status page link, API). */
    tokenHash: text().notNull(),
    email: text().notNull(),
    market: text().notNull(),
    locale: text().notNull(),
    currency: text().notNull(),
    status: text({
      enum: ["pending_payment", "paid", "partially_fulfilled", "fulfilled", "delivered", "cancelled", "partially_refunded", "refunded"],
    }).notNull(),
    subtotal: money().notNull(),
    discountTotal: money().notNull(),
    shippingTotal: money().notNull(),
    taxTotal: money().notNull(),
    dutyTotal: money().notNull(),
    total: money().notNull(),
    refundedTotal: money().notNull().default(sql`0`),
    taxMode: text({ enum: ["inclusive", "exclusive"] }).notNull(),
    dutyMode: text({ enum: ["DDU", "DDP", "none"] }).notNull(),
    baseCurrency: text().notNull(),
    /** Units of presentment currency per base unit, as used for base amounts. */
    fxRate: text().notNull(),
    baseTotal: money().notNull(),
    shippingAddress: jsonb().$type<Address>().notNull(),
    shippingMethod: jsonb().$type<{ method: string; amount: string; minDays: number; maxDays: number; locationId: string | null }>().notNull(),
    discountCodes: text().array().notNull().default(sql`'{}'::text[]`),
    notices: jsonb().$type<{ code: string }[]>().notNull().default([]),
    createdAt: ts().notNull().defaultNow(),
    paidAt: ts(),
  },
  (t) => [index().on(t.email), index().on(t.createdAt)],
);

export const orderLinesTable = pgTable(
  "order_lines",
  {
    id: text().primaryKey(),
    orderId: text()
      .notNull()
      .references(() => ordersTable.id, { onDelete: "cascade" }),
    variantId: text().notNull(),
    productId: text().notNull(),
    sku: text().notNull(),
    title: text().notNull(),
    variantTitle: text().notNull(),
    quantity: integer().notNull(),
    unitPrice: money().notNull(),
    subtotal: money().notNull(),
    discount: money().notNull(),
    tax: money().notNull(),
    total: money().notNull(),
    locationId: text(),
    fulfilledQuantity: integer().notNull().default(0),
  },
  (t) => [index().on(t.orderId)],
);

export const orderTaxLinesTable = pgTable(
  "order_tax_lines",
  {
    id: text().primaryKey(),
    orderId: text()
      .notNull()
      .references(() => ordersTable.id, { onDelete: "cascade" }),
    /** Order line id, or null for shipping / duties. */
    orderLineId: text(),
    kind: text({ enum: ["tax", "duty"] }).notNull(),
    jurisdiction: text().notNull(),
    name: text().notNull(),
    /** Rate in basis points (2000 = 20%). */
    rateBp: integer().notNull(),
    base: money().notNull(),
    amount: money().notNull(),
    included: integer().notNull(),
  },
  (t) => [index().on(t.orderId)],
);

export const orderAdjustmentsTable = pgTable(
  "order_adjustments",
  {
    id: text().primaryKey(),
    orderId: text()
      .notNull()
      .references(() => ordersTable.id, { onDelete: "cascade" }),
    source: text().notNull(),
    code: text(),
    target: text({ enum: ["lines", "shipping"] }).notNull(),
    amount: money().notNull(),
  },
  (t) => [index().on(t.orderId)],
);

export const orderEventsTable = pgTable(
  "order_events",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    orderId: text()
      .notNull()
      .references(() => ordersTable.id, { onDelete: "cascade" }),
    fromStatus: text(),
    toStatus: text().notNull(),
    note: text(),
    createdAt: ts().notNull().defaultNow(),
  },
  (t) => [index().on(t.orderId)],
);

export const fulfillmentsTable = pgTable("fulfillments", {
  id: text().primaryKey(),
  orderId: text()
    .notNull()
    .references(() => ordersTable.id, { onDelete: "cascade" }),
  carrier: text().notNull(),
  trackingNumber: text().notNull(),
  trackingUrl: text(),
  lines: jsonb().$type<{ orderLineId: string; quantity: number }[]>().notNull(),
  createdAt: ts().notNull().defaultNow(),
  deliveredAt: ts(),
});

export const refundsTable = pgTable("refunds", {
  id: text().primaryKey(),
  orderId: text()
    .notNull()
    .references(() => ordersTable.id, { onDelete: "cascade" }),
  amount: money().notNull(),
  currency: text().notNull(),
  providerRef: text(),
  reason: text(),
  createdAt: ts().notNull().defaultNow(),
});

export const returnRequestsTable = pgTable("return_requests", {
  id: text().primaryKey(),
  orderId: text()
    .notNull()
    .references(() => ordersTable.id, { onDelete: "cascade" }),
  lines: jsonb().$type<{ orderLineId: string; quantity: number }[]>().notNull(),
  reason: text().notNull(),
  status: text({ enum: ["requested", "approved", "rejected", "received"] }).notNull().default("requested"),
  createdAt: ts().notNull().defaultNow(),
});

// ------------------------------------------------------------------------------------------ jobs/mail
export const jobsTable = pgTable(
  "jobs",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    kind: text().notNull(),
    payload: jsonb().$type<Record<string, unknown>>().notNull(),
    /** At most one job per key (e.g. "mail:order_confirmation:ord_…"): enqueueing is idempotent. */
    dedupeKey: text().unique(),
    status: text({ enum: ["queued", "running", "done", "failed"] }).notNull().default("queued"),
    runAt: ts().notNull().defaultNow(),
    attempts: integer().notNull().default(0),
    maxAttempts: integer().notNull().default(8),
    lockedAt: ts(),
    lockedBy: text(),
    lastError: text(),
    createdAt: ts().notNull().defaultNow(),
    finishedAt: ts(),
  },
  (t) => [index("jobs_claim_idx").on(t.status, t.runAt)],
);

export const outboxEmailsTable = pgTable(
  "outbox_emails",
  {
    id: text().primaryKey(),
    /** One message per key: a retried job never sends twice. */
    idempotencyKey: text().notNull().unique(),
    template: text().notNull(),
    to: text().notNull(),
    from: text().notNull(),
    subject: text().notNull(),
    html: text().notNull(),
    text: text().notNull(),
    locale: text().notNull(),
    orderId: text(),
    transport: text({ enum: ["outbox", "resend"] }).notNull(),
    providerId: text(),
    createdAt: ts().notNull().defaultNow(),
  },
  (t) => [index().on(t.orderId), index().on(t.createdAt)],
);
