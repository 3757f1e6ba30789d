/**
 * The orders and customers part of the Admin API (/api/admin/v1): request bodies and response
 * shapes, registered as named components of the Admin API's OpenAPI document.
 */
import { z } from "zod";
import { MoneyV2Schema, named } from "~/lib/api/schema";
import { ORDER_STATUSES } from "./order-status";

const isoTimestamp = z.iso.datetime().describe("ISO 8601 timestamp (UTC).");
const status = z.enum(ORDER_STATUSES).describe("Where the order is in its life: pending_payment → paid → (partially_)fulfilled → delivered; refunds and cancellation.");
const lineQuantities = z
  .array(z.object({ orderLineId: z.string().min(1).max(100).describe("Order line id (`ol_…`)."), quantity: z.number().int().min(1).max(100_000).describe("Units.") }))
  .max(200);
const idempotencyKey = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .describe("Your key for this request: sending it again returns the first result and changes nothing (a retry after a timeout is safe). Use a new key for a new operation.");

const AdminOrderSummarySchema = named(
  "AdminOrderSummary",
  "One row of the order list.",
  z.object({
    id: z.string().describe("Order id (`ord_…`)."),
    number: z.number().int().describe("The order number the shopper sees (#1001…)."),
    email: z.string().describe("The shopper's email."),
    customerName: z.string().describe("Name on the shipping address."),
    market: z.string().describe("Market handle, e.g. de-de."),
    status,
    total: MoneyV2Schema,
    refunded: MoneyV2Schema,
    itemCount: z.number().int().describe("Units ordered."),
    createdAt: isoTimestamp,
    paidAt: isoTimestamp.nullable().describe("When the payment succeeded; null while unpaid."),
    importedFrom: z
      .string()
      .nullable()
      .describe("The platform an imported order came from (shopify, woocommerce…): read-only history, refused by fulfilment, refund and cancellation (409 `order_imported`). Null for an order placed here."),
  }),
);

export const AdminOrderPageSchema = named(
  "AdminOrderPage",
  "A page of orders.",
  z.object({
    nodes: z.array(AdminOrderSummarySchema),
    total: z.number().int().describe("Orders matching the filters, on all pages."),
    page: z.number().int().describe("This page's number."),
    perPage: z.number().int().describe("Orders per page."),
  }),
);

const AdminOrderLineSchema = z.object({
  id: z.string().describe("Order line id (`ol_…`)."),
  sku: z.string(),
  title: z.string(),
  variantTitle: z.string(),
  quantity: z.number().int(),
  fulfilledQuantity: z.number().int().describe("Units shipped."),
  restockedQuantity: z.number().int().describe("Units put back on hand by refunds or cancellation."),
  unitPrice: MoneyV2Schema,
  total: MoneyV2Schema,
});

const AdminRefundSchema = named(
  "AdminRefund",
  "Money given back to the shopper.",
  z.object({
    id: z.string().describe("Refund id (`ref_…`)."),
    amount: MoneyV2Schema,
    reason: z.string().nullable(),
    providerRef: z.string().nullable().describe("The payment provider's refund id (Stripe `re_…`); null for the offline demo provider."),
    restocked: lineQuantities.describe("Units put back on hand with this refund."),
    createdAt: isoTimestamp,
  }),
);

export const AdminOrderSchema = named(
  "AdminOrder",
  "An order with everything staff need: lines, totals, payment, shipments, refunds and its timeline.",
  AdminOrderSummarySchema.extend({
    shippingAddress: z.record(z.string(), z.string()).describe("The shipping address as entered (name, line1, city, postalCode, region, country…)."),
    shippingMethod: z.string().describe("Shipping method code."),
    lines: z.array(AdminOrderLineSchema),
    totals: z.object({ subtotal: MoneyV2Schema, discounts: MoneyV2Schema, shipping: MoneyV2Schema, tax: MoneyV2Schema, duties: MoneyV2Schema, total: MoneyV2Schema }),
    payment: z.object({
      provider: z.string().nullable(),
      status: z.string().nullable(),
      captured: MoneyV2Schema.describe("What the provider holds for this order."),
      refundable: MoneyV2Schema.describe("Captured minus refunded: the most a refund may be."),
    }),
    fulfillments: z.array(
      z.object({
        id: z.string().describe("Fulfilment id (`ful_…`)."),
        carrier: z.string(),
        trackingNumber: z.string(),
        trackingUrl: z.string().nullable(),
        lines: lineQuantities,
        createdAt: isoTimestamp,
      }),
    ),
    refunds: z.array(AdminRefundSchema),
    timeline: z.array(
      z.object({
        at: isoTimestamp,
        kind: z.enum(["status", "event", "note"]).describe("status: the order moved; event: the store recorded something; note: a staff note."),
        fromStatus: z.string().nullable(),
        toStatus: z.string(),
        text: z.string().nullable(),
        author: z.string().nullable().describe("Who wrote a note."),
      }),
    ),
  }),
);

export const FulfillmentCreateSchema = named(
  "FulfillmentCreate",
  "Body of POST /orders/{id}/fulfillments. The shopper gets the shipping email with the tracking link.",
  z.object({
    carrier: z.string().trim().min(1).max(100).describe("Carrier, e.g. dhl, ups, fedex, usps, japan-post, royal-mail (known carriers get a tracking link)."),
    trackingNumber: z.string().trim().min(1).max(100),
    lines: lineQuantities.optional().describe("Lines and units shipped; omitted: everything not shipped yet."),
    idempotencyKey,
  }),
  { io: "input" },
);

export const RefundCreateSchema = named(
  "RefundCreate",
  "Body of POST /orders/{id}/refunds (optional: no body refunds everything not refunded yet). Refunded through the payment provider; the shopper gets the refund email.",
  z.object({
    amount: z
      .string()
      .regex(/^[0-9]+(\.[0-9]{1,3})?$/, "must be a decimal amount such as 12.50")
      .optional()
      .describe("In the order's currency, as a decimal string (\"12.50\" EUR, \"800\" JPY). At most the order's refundable amount; support staff at most the support refund limit. Left out: the whole remaining amount (a full refund)."),
    reason: z.string().trim().max(500).optional(),
    restock: lineQuantities.optional().describe("Units to put back on hand."),
    idempotencyKey: idempotencyKey.optional().describe("Your key for this request (recommended): sending it again returns the first refund and changes nothing. Without one, a repeated full refund finds nothing left to refund."),
  }),
  { io: "input" },
);

export const RefundCreatedSchema = named("RefundCreated", "The refund and the order after it.", z.object({ refund: AdminRefundSchema, order: AdminOrderSchema }));

export const OrderCancelSchema = named(
  "OrderCancel",
  "Body of POST /orders/{id}/cancel.",
  z.object({ reason: z.string().trim().min(1).max(2000).describe("Why; shown on the order's timeline and in the refund email.") }),
  { io: "input" },
);

export const OrderNoteCreateSchema = named("OrderNoteCreate", "Body of POST /orders/{id}/notes.", z.object({ text: z.string().trim().min(1).max(2000) }), { io: "input" });

const CustomerSummarySchema = z.object({
  id: z.string().describe("Customer id."),
  email: z.string(),
  name: z.string().nullable(),
  market: z.string().nullable().describe("Preferred market."),
  verified: z.boolean().describe("Whether the email address is verified."),
  createdAt: isoTimestamp,
});

export const AdminCustomerPageSchema = named(
  "AdminCustomerPage",
  "A page of customer accounts, newest first.",
  z.object({ nodes: z.array(CustomerSummarySchema), total: z.number().int(), page: z.number().int(), perPage: z.number().int() }),
);

export const AdminCustomerSchema = named(
  "AdminCustomer",
  "A customer account with its saved addresses and orders.",
  CustomerSummarySchema.omit({ verified: true }).extend({
    language: z.string(),
    emailVerifiedAt: isoTimestamp.nullable(),
    addresses: z.array(z.object({ id: z.string(), isDefault: z.boolean(), address: z.record(z.string(), z.string()) })),
    orders: z.array(z.object({ id: z.string(), number: z.number().int(), status, total: MoneyV2Schema, createdAt: isoTimestamp })),
  }),
);
