import { sql } from "drizzle-orm";
import { bigint, bigserial, index, integer, jsonb, numeric, pgSequence, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { ORDER_STATUSES } from "../../app/modules/orders/order-status";
import { TAX_REGIMES } from "../../app/modules/tax/tax";
import type { ShippingMethodCode } from "../../app/modules/shipping/shipping-methods";
import type { Address } from "./cart";

const ts = (name?: string) => (name ? timestamp(name, { withTimezone: true }) : timestamp({ withTimezone: true }));
const money = () => bigint({ mode: "bigint" });

/** Delivery dates as promised when the shopper paid (ISO timestamps, calendar days in UTC). */
export type DeliveryPromise = {
  earliest: string;
  latest: string;
  shipments: { locationId: string; shipsFrom: string; earliest: string; latest: string; lines: { orderLineId: string; quantity: number }[] }[];
};

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
    /** The customer account the order belongs to (placed signed in, or a guest order attached after verification). */
    customerId: text(),
    market: text().notNull(),
    locale: text().notNull(),
    currency: text().notNull(),
    status: text({ enum: ORDER_STATUSES }).notNull(),
    subtotal: money().notNull(),
    discountTotal: money().notNull(),
    shippingTotal: money().notNull(),
    taxTotal: money().notNull(),
    dutyTotal: money().notNull(),
    total: money().notNull(),
    /** Estimated import VAT + duties the carrier collects on delivery (DDU); not part of `total`. */
    dueOnDelivery: money().notNull().default(sql`0`),
    refundedTotal: money().notNull().default(sql`0`),
    taxMode: text({ enum: ["inclusive", "exclusive"] }).notNull(),
    dutyMode: text({ enum: ["DDU", "DDP", "none"] }).notNull(),
    baseCurrency: text().notNull(),
    /**
     * Units of presentment currency per base unit, as used for base amounts. Null only on an imported
     * order whose currency had no FX rate on record on or before its day (its base total is unknown too).
     */
    fxRate: text(),
    baseTotal: money(),
    shippingAddress: jsonb().$type<Address>().notNull(),
    shippingMethod: jsonb().$type<{ method: ShippingMethodCode; amount: string; minDays: number; maxDays: number; locationId: string | null }>().notNull(),
    discountCodes: text().array().notNull().default(sql`'{}'::text[]`),
    notices: jsonb().$type<{ code: string }[]>().notNull().default([]),
    /** What was promised at payment: the order's window and each parcel's (null on orders from before it was kept). */
    deliveryPromise: jsonb().$type<DeliveryPromise>(),
    createdAt: ts().notNull().defaultNow(),
    paidAt: ts(),
    /**
     * The platform an imported order came from ("shopify", "woocommerce", "amazon"…), null for an
     * order placed here. Imported orders are history: read-only, no listeners, no emails, no stock.
     */
    importedFrom: text(),
    /** The order's id on that platform; (importedFrom, externalId) is unique, so a re-import finds it. */
    externalId: text(),
    cancelledAt: ts(),
  },
  (t) => [
    uniqueIndex("orders_import_key_idx").on(t.importedFrom, t.externalId),
    index().on(t.email),
    index().on(t.createdAt),
    index().on(t.customerId),
    // The admin order list: filter by status or market, newest first; search by part of an email.
    index("orders_status_created_idx").on(t.status, t.createdAt),
    index("orders_market_created_idx").on(t.market, t.createdAt),
    index("orders_base_total_idx").on(t.baseTotal),
    index("orders_email_trgm_idx").using("gin", sql`${t.email} gin_trgm_ops`),
  ],
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
    /** The product image as it was when ordered (site-relative URL). */
    imageUrl: text(),
    quantity: integer().notNull(),
    unitPrice: money().notNull(),
    subtotal: money().notNull(),
    discount: money().notNull(),
    tax: money().notNull(),
    total: money().notNull(),
    locationId: text(),
    /** Where the line was priced to ship from, and the tax rule that gave (see TaxRegime in the tax module). */
    shipFromLocationId: text(),
    shipFromCountry: text(),
    taxRegime: text({ enum: TAX_REGIMES }),
    fulfilledQuantity: integer().notNull().default(0),
    /** Units put back on hand by refunds or a cancellation (at most quantity). */
    restockedQuantity: integer().notNull().default(0),
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
    /** Rate in basis points with one decimal (2000 = 20%, 997.5 = Québec QST 9.975%). */
    rateBp: numeric({ precision: 7, scale: 1, mode: "number" }).notNull(),
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
    /** status: a transition; event: something the store recorded; note: a staff note (author set). */
    kind: text({ enum: ["status", "event", "note"] }).notNull().default("status"),
    note: text(),
    /** Who wrote a staff note (the staff member's email or id, as the admin layer passes it). */
    author: text(),
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
  /** The caller's key: the same key gives back the same fulfilment instead of shipping twice. */
  idempotencyKey: text().unique(),
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
  /** Also the provider's idempotency key: the same key gives back this refund, with no second provider call. */
  idempotencyKey: text().unique(),
  /** Lines whose units went back on hand with this refund. */
  restocked: jsonb().$type<{ orderLineId: string; quantity: number }[]>().notNull().default([]),
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
