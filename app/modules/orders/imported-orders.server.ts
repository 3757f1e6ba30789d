/**
 * Orders brought in from another platform (issue #11): history, not business. They are written once,
 * keyed by (platform, the platform's order id), and from then on only read: no order listeners
 * (points, tiers, referrals), no emails, no stock movement, and every staff operation refuses them.
 * They count in a person's order figures and spend like any paid order here.
 */
import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Db } from "~db/index";
import { orderEventsTable, orderLinesTable, ordersTable } from "~db/schema/orders";
import { normalizeEmail } from "~/lib/email";
import { UserError } from "~/lib/errors";
import { newId } from "~/lib/ids";
import { crossConvert, currencyExponent } from "~/lib/money";
import { hashToken } from "~/lib/tokens.server";
import { fxRatesOnDays } from "../markets/fx-history.server";
import { getStoreConfig, utcDay } from "../markets/markets.server";
import type { OrderStatus } from "./order-status";

/** Financial states the platforms export (Shopify's names; other sources map onto them). */
const IMPORTED_FINANCIAL_STATUSES = ["paid", "partially_paid", "partially_refunded", "refunded", "pending", "authorized", "voided"] as const;
type ImportedFinancialStatus = (typeof IMPORTED_FINANCIAL_STATUSES)[number];

interface ImportedOrderLine {
  title: string;
  sku?: string | null;
  quantity: number;
  /** Minor units of the order's currency. */
  unitPrice: bigint;
}

export interface ImportedOrderInput {
  /** Lower-case platform name: "shopify", "woocommerce", "amazon"… */
  source: string;
  externalId: string;
  email: string;
  placedAt: Date;
  currency: string;
  /** Minor units of `currency` (parsed in the currency's exponent by the caller). */
  total: bigint;
  refundedAmount?: bigint;
  /** Merchandise before discounts; default: the lines' sum. */
  subtotal?: bigint;
  discountTotal?: bigint;
  shippingTotal?: bigint;
  taxTotal?: bigint;
  cancelledAt?: Date | null;
  financialStatus: ImportedFinancialStatus;
  lines: ImportedOrderLine[];
  /** A market handle of this store; default: the store's default market. */
  market?: string;
  /** ISO 3166-1 alpha-2 country of the shipping address, when the file has it. */
  country?: string;
  name?: string | null;
}

type ImportedOrderOutcome = { outcome: "created" | "unchanged"; orderId: string };

const SOURCE = /^[a-z][a-z0-9_-]{0,31}$/;
const MAX_TEXT = 500;

function invalid(field: string, message: string): never {
  throw new UserError("invalid_imported_order", `${field}: ${message}`, 422, field);
}

function validate(input: ImportedOrderInput): void {
  if (!SOURCE.test(input.source)) invalid("source", "use a lower-case platform name such as shopify (letters, digits, - or _).");
  if (!input.externalId.trim() || input.externalId.length > MAX_TEXT) invalid("externalId", `the platform's order id is required (at most ${MAX_TEXT} characters).`);
  if (!/^[^@\s]+@[^@\s]+$/.test(input.email.trim())) invalid("email", `"${input.email}" is not an email address.`);
  if (Number.isNaN(input.placedAt.getTime())) invalid("placedAt", "the order date is not a valid date.");
  if (!/^[A-Z]{3}$/.test(input.currency)) invalid("currency", `"${input.currency}" is not an ISO 4217 code such as EUR.`);
  try {
    currencyExponent(input.currency);
  } catch {
    invalid("currency", `"${input.currency}" is not a known currency.`);
  }
  const amounts: [string, bigint | undefined][] = [
    ["total", input.total],
    ["refundedAmount", input.refundedAmount],
    ["subtotal", input.subtotal],
    ["discountTotal", input.discountTotal],
    ["shippingTotal", input.shippingTotal],
    ["taxTotal", input.taxTotal],
  ];
  for (const [field, value] of amounts) if (value !== undefined && value < 0n) invalid(field, "must not be negative.");
  if ((input.refundedAmount ?? 0n) > input.total) invalid("refundedAmount", "is more than the order's total.");
  if (!(IMPORTED_FINANCIAL_STATUSES as readonly string[]).includes(input.financialStatus)) {
    invalid("financialStatus", `use one of ${IMPORTED_FINANCIAL_STATUSES.join(", ")}.`);
  }
  if (input.cancelledAt && Number.isNaN(input.cancelledAt.getTime())) invalid("cancelledAt", "is not a valid date.");
  input.lines.forEach((l, i) => {
    if (!l.title.trim()) invalid(`lines.${i}.title`, "the item's title is required.");
    if (!Number.isInteger(l.quantity) || l.quantity < 1) invalid(`lines.${i}.quantity`, "must be a whole number of at least 1.");
    if (l.unitPrice < 0n) invalid(`lines.${i}.unitPrice`, "must not be negative.");
  });
}

/**
 * Where an imported order stands here. Only money that was taken and kept makes it paid (and counted
 * in spend and tiers); a cancelled order counts nowhere, whatever its payment did.
 */
function statusOf(input: ImportedOrderInput): { status: OrderStatus; paid: boolean } {
  if (input.cancelledAt) return { status: "cancelled", paid: false };
  switch (input.financialStatus) {
    case "paid":
      return { status: "paid", paid: true };
    case "partially_refunded":
      return { status: "partially_refunded", paid: true };
    case "refunded":
      return { status: "refunded", paid: true };
    default:
      return { status: "pending_payment", paid: false };
  }
}

/**
 * Records one imported order inside the caller's transaction; a second call with the same
 * (source, externalId) changes nothing and answers `unchanged`. The base-currency total uses the FX
 * rate in force on the order's day (UTC); with no rate on record by then it stays unknown (null).
 */
export async function recordImportedOrder(tx: Db, input: ImportedOrderInput): Promise<ImportedOrderOutcome> {
  validate(input);
  const source = input.source;
  const externalId = input.externalId.trim();
  const [existing] = await tx
    .select({ id: ordersTable.id })
    .from(ordersTable)
    .where(and(eq(ordersTable.importedFrom, source), eq(ordersTable.externalId, externalId)));
  if (existing) return { outcome: "unchanged", orderId: existing.id };

  const config = await getStoreConfig(tx);
  const market = config.byHandle.get(input.market ?? config.defaultMarket);
  if (input.market && !market) invalid("market", `"${input.market}" is not a market of this store.`);
  const day = utcDay(input.placedAt);
  let fxRate: string | null = "1";
  if (input.currency !== config.baseCurrency) {
    fxRate = (await fxRatesOnDays([{ currency: input.currency, day }], tx)).get(`${input.currency}|${day}`) ?? null;
  }
  const baseTotal = fxRate === null ? null : crossConvert(input.total, input.currency, config.baseCurrency, new Map([[input.currency, fxRate], [config.baseCurrency, "1"]]));
  const linesSum = input.lines.reduce((sum, l) => sum + l.unitPrice * BigInt(l.quantity), 0n);
  const { status, paid } = statusOf(input);
  const id = newId("ord", input.placedAt.getTime());
  const key = `import:${source}:${externalId}`;
  const inserted = await tx
    .insert(ordersTable)
    .values({
      id,
      cartId: key,
      paymentId: key,
      // Nobody holds a token for an imported order: the status page and API stay closed to it.
      tokenHash: hashToken(randomBytes(32).toString("base64url")),
      email: normalizeEmail(input.email),
      market: market?.handle ?? config.defaultMarket,
      locale: market?.language ?? "en",
      currency: input.currency,
      status,
      subtotal: input.subtotal ?? linesSum,
      discountTotal: input.discountTotal ?? 0n,
      shippingTotal: input.shippingTotal ?? 0n,
      taxTotal: input.taxTotal ?? 0n,
      dutyTotal: 0n,
      total: input.total,
      refundedTotal: input.refundedAmount ?? 0n,
      taxMode: "exclusive",
      dutyMode: "none",
      baseCurrency: config.baseCurrency,
      fxRate,
      baseTotal,
      shippingAddress: { name: input.name?.trim() || "", line1: "", city: "", country: (input.country ?? market?.country ?? "").toUpperCase() },
      shippingMethod: { method: "postal", amount: (input.shippingTotal ?? 0n).toString(), minDays: 0, maxDays: 0, locationId: null },
      createdAt: input.placedAt,
      paidAt: paid ? input.placedAt : null,
      cancelledAt: input.cancelledAt ?? null,
      importedFrom: source,
      externalId,
    })
    .onConflictDoNothing()
    .returning({ id: ordersTable.id });
  if (!inserted.length) {
    // A parallel import wrote it first.
    const [row] = await tx.select({ id: ordersTable.id }).from(ordersTable).where(and(eq(ordersTable.importedFrom, source), eq(ordersTable.externalId, externalId)));
    return { outcome: "unchanged", orderId: row!.id };
  }
  if (input.lines.length) {
    await tx.insert(orderLinesTable).values(
      input.lines.map((l) => {
        const lineTotal = l.unitPrice * BigInt(l.quantity);
        return {
          id: newId("ol"),
          orderId: id,
          variantId: "",
          productId: "",
          sku: l.sku?.trim() ?? "",
          title: l.title.trim(),
          variantTitle: "",
          quantity: l.quantity,
          unitPrice: l.unitPrice,
          subtotal: lineTotal,
          discount: 0n,
          tax: 0n,
          total: lineTotal,
        };
      }),
    );
  }
  await tx.insert(orderEventsTable).values({ orderId: id, fromStatus: null, toStatus: status, kind: "event", note: `imported from ${source} (order ${externalId})`, createdAt: input.placedAt });
  return { outcome: "created", orderId: id };
}

/** Staff operations call this first: an imported order is history and is never changed here. */
export function assertNotImported(order: { importedFrom: string | null }): void {
  if (order.importedFrom) {
    throw new UserError(
      "order_imported",
      `This order was imported from ${order.importedFrom} and is read-only here; make refunds, cancellations and shipments on ${order.importedFrom}.`,
      409,
    );
  }
}
