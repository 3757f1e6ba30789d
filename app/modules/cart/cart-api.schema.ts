/**
 * Cart / checkout / order part of the Storefront API (JSON, /api/v1): request bodies and response
 * shapes. The endpoints (app/api/carts.server.ts, checkout.server.ts) parse request bodies with exactly these schemas; they
 * become `components/schemas/<id>` of the OpenAPI document, and the contract test (cart-api.test.ts)
 * validates live responses against them.
 *
 * Request bodies are registered with `io: "input"` (what a client may send: unknown fields are
 * ignored by the server, fields with a default may be omitted).
 */
import { MAX_LINE_QUANTITY } from "./cart";
import { z } from "zod";
import { MoneyV2Schema, named } from "~/lib/api/schema";
import { emailSchema } from "~/lib/validation";
import { marketHandleSchema } from "../markets/market-handle";
import { ORDER_STATUSES } from "../orders/order-status";
import { PAYMENT_PROVIDERS, PAYMENT_STATUSES } from "../payments/payments";
import { SHIPPING_METHODS } from "../shipping/shipping-methods";
import { CART_STATUSES } from "./cart-status";
import type { CartView } from "./cart-view.server";

const marketHandle = marketHandleSchema.describe("Market handle (GET /markets), e.g. de-de.");
const currencyCode = z.string().regex(/^[A-Z]{3}$/).describe("ISO 4217 currency code, e.g. EUR.");
const countryCode = z.string().regex(/^[A-Z]{2}$/).describe("ISO 3166-1 alpha-2 country code, e.g. DE.");
const isoTimestamp = z.iso.datetime().describe("ISO 8601 timestamp (UTC).");

// ---------------------------------------------------------------------------------------------
// Request bodies

export const CartCreateBodySchema = named(
  "CartCreateBody",
  "Body of POST /carts.",
  z.object({
    market: marketHandleSchema.describe("Market handle (GET /markets), e.g. de-de. Fixes currency, language and where the cart ships to."),
    currency: z
      .string()
      .length(3)
      .optional()
      .describe("Optional ISO 4217 code; must be the market's currency (a different one is a 400 `currency_not_enabled`)."),
  }),
  { io: "input" },
);

export const CartLineInputSchema = named(
  "CartLineInput",
  "Body of POST /carts/{id}/lines. Prices always come from the catalog: any price a client sends is ignored.",
  z.object({
    variantId: z.string().min(1).max(100).describe("`ProductVariant.id`."),
    quantity: z.number().int().min(1).max(MAX_LINE_QUANTITY).default(1).describe("Units to add (added to an existing line of the same variant; at most 99 per line)."),
  }),
  { io: "input" },
);

export const CartLineUpdateSchema = named(
  "CartLineUpdate",
  "Body of PATCH /carts/{id}/lines/{lineId}.",
  z.object({
    quantity: z.number().int().min(0).max(MAX_LINE_QUANTITY).describe("New quantity; 0 removes the line."),
  }),
  { io: "input" },
);

export const DiscountCodeInputSchema = named(
  "DiscountCodeInput",
  "Body of POST /carts/{id}/discount-codes. A cart holds one code; a code that cannot be used is refused with 422 and not kept.",
  z.object({ code: z.string().trim().min(1).max(64).describe("The discount code (case-insensitive; surrounding spaces are ignored).") }),
  { io: "input" },
);

export const CartMarketInputSchema = named(
  "CartMarketInput",
  "Body of PUT /carts/{id}/market.",
  z.object({ market: marketHandleSchema.describe("Market handle to move the cart to, e.g. ja-jp.") }),
  { io: "input" },
);

export const CartEmailInputSchema = named(
  "CartEmailInput",
  "Body of PUT /carts/{id}/email.",
  z.object({ email: emailSchema.describe("Where the order confirmation goes (stored in lower case).") }),
  { io: "input" },
);

const addressText = (max: number, description: string) => z.string().max(max).describe(description);

export const ShippingAddressInputSchema = named(
  "ShippingAddressInput",
  "Body of PUT /carts/{id}/shipping-address. Validated with the country's rules (required fields, postal code format, region list) and normalized; a bad address is a 422 `invalid_address` with `details.errors` keyed by field. The country must be one the cart's market ships to.",
  z.object({
    name: addressText(100, "Recipient's full name."),
    line1: addressText(120, "Street and house number."),
    line2: addressText(120, "Apartment, suite, etc.").nullish(),
    city: addressText(80, "City (implied, and may be omitted, for city-states such as SG).").optional(),
    region: addressText(80, "State / province / prefecture: code or name (required in US, CA, AU, JP, BR, MX).").nullish(),
    postalCode: addressText(32, 'Postal code in any common spelling ("10115", "100 0001", "k1a0b1"); required where the country uses them.').nullish(),
    country: z.string().min(1).max(2).describe("ISO 3166-1 alpha-2 country code, e.g. DE."),
    phone: addressText(32, "Phone number (6–15 digits).").nullish(),
    email: emailSchema.optional().describe("Optionally set the cart's email at the same time (stored in lower case)."),
  }),
  { io: "input" },
);

export const ShippingMethodInputSchema = named(
  "ShippingMethodInput",
  "Body of PUT /carts/{id}/shipping-method.",
  z.object({ method: z.enum(SHIPPING_METHODS).describe("One of the cart's `shippingMethods[].code`.") }),
  { io: "input" },
);

// ---------------------------------------------------------------------------------------------
// Responses

const AddressSchema = named(
  "Address",
  "A normalized postal address (postal code canonical, region as its code).",
  z.object({
    name: z.string(),
    line1: z.string(),
    line2: z.string().optional(),
    city: z.string(),
    region: z.string().optional().describe("Region code, e.g. CA (US), 13 (JP)."),
    postalCode: z.string().optional().describe('Canonical form, e.g. "10115", "100-0001".'),
    country: countryCode,
    phone: z.string().optional(),
  }),
);

const CartLineSchema = named(
  "CartLine",
  "One line of a cart, priced now in the cart's currency: subtotal = unitPrice × quantity, total = subtotal − discount (the discount allocated to the line).",
  z.object({
    id: z.string().describe("Line id, for PATCH/DELETE /carts/{id}/lines/{lineId}."),
    variantId: z.string(),
    productId: z.string(),
    handle: z.string().describe("Product handle in the market's language."),
    sku: z.string(),
    title: z.string(),
    variantTitle: z.string(),
    image: z.string().nullable().describe("Absolute image URL, if any."),
    quantity: z.number().int().min(1),
    quantityAvailable: z.number().int().describe("Units in stock that can ship to the market."),
    unitPrice: MoneyV2Schema,
    subtotal: MoneyV2Schema,
    discount: MoneyV2Schema,
    total: MoneyV2Schema,
  }),
);

const ShippingMethodQuoteSchema = named(
  "ShippingMethodQuote",
  "A shipping method available for the cart and its address, with its price (`originalAmount` is the price before a free-shipping threshold or discount) and delivery window.",
  z.object({
    code: z.enum(SHIPPING_METHODS).describe("Pass as `method` to PUT /carts/{id}/shipping-method."),
    amount: MoneyV2Schema.describe("What the shopper pays for this method, on the same tax basis as `totals.shipping` (without import VAT that is paid on delivery instead)."),
    originalAmount: MoneyV2Schema,
    free: z.boolean(),
    minDays: z.number().int().min(0),
    maxDays: z.number().int().min(0),
    earliest: isoTimestamp.describe("When the first parcel may arrive."),
    latest: isoTimestamp.describe("When the last parcel arrives at the latest."),
    shipments: z
      .array(
        z.object({
          shipsFrom: countryCode.describe("Country of the warehouse the parcel leaves from."),
          lines: z.array(z.object({ lineId: z.string(), quantity: z.number().int().min(1) })).describe("Cart lines (or the part of a line) in this parcel."),
          earliest: isoTimestamp,
          latest: isoTimestamp,
        }),
      )
      .describe("The parcels this method sends, one per warehouse the cart's stock comes from, each with its own delivery window."),
  }),
);

const moneyTotals = {
  subtotal: MoneyV2Schema,
  discounts: MoneyV2Schema,
  shipping: MoneyV2Schema,
  tax: MoneyV2Schema,
  duties: MoneyV2Schema,
  total: MoneyV2Schema,
};

export const CartSchema = named(
  "Cart",
  "A cart, re-priced now in its market's currency (prices, stock, discounts, shipping, tax). `token` is only present in the response of POST /carts: keep it and send it as `X-Cart-Token`.",
  z.object({
    id: z.string(),
    market: marketHandle,
    currencyCode,
    status: z.enum(CART_STATUSES).describe("`checking_out` while a payment is open; `completed` once ordered (then read-only)."),
    email: z.string().nullable(),
    lines: z.array(CartLineSchema),
    discountCodes: z
      .array(
        z.object({
          code: z.string(),
          applicable: z.boolean(),
          reason: z.string().nullable().describe("Why the code does not apply, when it does not."),
        }),
      )
      .describe("Codes on the cart."),
    shippingAddress: AddressSchema.nullable(),
    shippingMethods: z.array(ShippingMethodQuoteSchema).describe("Available methods for the shipping address (for the market's home country until an address is set); empty when nothing can ship there."),
    shippingMethod: z.string().nullable().describe("The chosen method's code."),
    defaultShippingMethod: z
      .string()
      .nullable()
      .describe("The method checkout pre-selects: the quickest free one arriving in reasonable time, else the cheapest that does (per-market rule). The product page's delivery estimate is this method's."),
    totals: z.object(moneyTotals),
    taxIncluded: z.boolean().describe("Whether line prices include tax (market tax display)."),
    taxLines: z.array(
      z.object({
        kind: z.enum(["tax", "duty"]),
        jurisdiction: z.string(),
        name: z.string(),
        rate: z.string().describe('Percent as a decimal string, e.g. "19" or "9.975".'),
        amount: MoneyV2Schema,
        included: z.boolean().describe("Already contained in the prices (not added on top)."),
        appliesTo: z.enum(["line", "shipping", "order"]),
        lineId: z.string().nullable(),
      }),
    ),
    notices: z.array(z.object({ code: z.string(), message: z.string().describe("In the market's language.") })),
    dueOnDelivery: MoneyV2Schema.nullable().describe(
      "Estimated import VAT and duties the carrier collects on delivery (duty mode DDU above the low-value threshold). Not part of `totals.total`; null when nothing is due.",
    ),
    token: z.string().optional().describe("Secret cart token; only in the 201 response of POST /carts."),
  }),
);

export const PaymentStartSchema = named(
  "PaymentStart",
  "A started payment for the cart as priced now. Calling POST /carts/{id}/payment again for an unchanged cart returns the same payment. Stripe: confirm with `clientSecret`; demo provider: send the shopper to `redirectUrl`. A zero total is paid at once (`status` succeeded, `orderId` and `orderToken` set).",
  z.object({
    paymentId: z.string(),
    provider: z.enum(PAYMENT_PROVIDERS),
    status: z.enum(PAYMENT_STATUSES),
    amount: MoneyV2Schema,
    clientSecret: z.string().nullable().describe("Stripe PaymentIntent client secret."),
    redirectUrl: z.url().nullable().describe("Absolute URL of the payment page (demo provider)."),
    orderId: z.string().nullable().describe("Set once the payment produced an order."),
    orderToken: z.string().nullable().describe("Token for GET /orders/{id} (X-Order-Token), with `orderId`."),
  }),
);

export const OrderSchema = named(
  "Order",
  "An order as its holder sees it: lines, totals, tax, address, shipping and history, in the presentment currency.",
  z.object({
    id: z.string(),
    number: z.number().int().describe("Human-facing order number."),
    status: z.enum(ORDER_STATUSES),
    market: marketHandle,
    currencyCode,
    email: z.string(),
    lines: z.array(
      z.object({
        id: z.string(),
        variantId: z.string(),
        sku: z.string(),
        title: z.string(),
        variantTitle: z.string(),
        quantity: z.number().int().min(1),
        unitPrice: MoneyV2Schema,
        discount: MoneyV2Schema,
        tax: MoneyV2Schema,
        total: MoneyV2Schema,
      }),
    ),
    totals: z.object({
      ...moneyTotals,
      refunded: MoneyV2Schema,
      dueOnDelivery: MoneyV2Schema.nullable().describe("Estimate of the import VAT and duties the carrier collects on delivery (DDU); not part of `total`."),
    }),
    taxLines: z.array(
      z.object({
        kind: z.enum(["tax", "duty"]),
        jurisdiction: z.string(),
        name: z.string(),
        rateBp: z.number().describe("Rate in basis points, at most one decimal (1900 = 19%, 997.5 = 9.975%)."),
        base: MoneyV2Schema,
        amount: MoneyV2Schema,
        included: z.boolean(),
      }),
    ),
    presentment: z.object({
      currencyCode,
      fxRate: z.string().describe("Units of presentment currency per base-currency unit."),
      baseCurrency: currencyCode,
      baseTotal: MoneyV2Schema,
    }),
    shippingAddress: AddressSchema,
    shippingMethod: z.object({
      method: z.enum(SHIPPING_METHODS),
      amount: MoneyV2Schema,
      minDays: z.number().int().min(0),
      maxDays: z.number().int().min(0),
    }),
    notices: z.array(z.object({ code: z.string() })).describe("Tax/duty notices, e.g. duties_due_on_delivery."),
    history: z.array(z.object({ from: z.string().nullable(), to: z.string(), at: isoTimestamp })),
    fulfillments: z.array(z.object({ carrier: z.string(), trackingNumber: z.string(), trackingUrl: z.string().nullable() })),
  }),
);

export type ApiCart = z.output<typeof CartSchema>;

// Compile-time drift guard: the documented Cart is exactly CartView (+ the optional token).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type CartViewDoc = Omit<ApiCart, "token" | "status" | "shippingMethods"> & {
  status: string;
  shippingMethods: (Omit<ApiCart["shippingMethods"][number], "code"> & { code: string })[];
};
const cartViewMatches: Same<CartViewDoc, CartView> = true;
void cartViewMatches;
