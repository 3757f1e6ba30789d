/**
 * Building blocks of the Storefront API contract shared by every module's endpoints: the registry of
 * named component schemas, money, and the one error body.
 *
 * Named schemas are registered in `apiComponents` (our own registry rather than zod's global one, so
 * an id such as "MoneyV2" cannot collide with a schema registered elsewhere); they become
 * `components/schemas/<id>` of the OpenAPI document and are `$ref`-ed. Field descriptions use `.describe()`.
 */
import { z } from "zod";

/**
 * `io: "input"` marks a request body: it is rendered as what a client may send (fields with a
 * default are optional, unknown fields are not forbidden). Everything else is a response (output).
 */
type ApiComponentMeta = { id: string; io?: "input" | "output" };
export const apiComponents = z.registry<ApiComponentMeta>();
const inputIds = new Set<string>();
/** Ids of the registered request-body schemas (`io: "input"`). */
export const apiInputComponentIds: ReadonlySet<string> = inputIds;

/** Registers `schema` as `components/schemas/<id>` with a description. */
export function named<T extends z.ZodType>(id: string, description: string, schema: T, opts: { io?: "input" | "output" } = {}): T {
  const described = schema.describe(description) as T;
  apiComponents.add(described as z.ZodType, opts.io ? { id, io: opts.io } : { id });
  if (opts.io === "input") inputIds.add(id);
  return described;
}

const documentedForms = new WeakMap<z.ZodType, z.ZodType>();

/**
 * Marks `runtime` as documented by `doc`: for a parameter whose parsing needs the server (e.g. a
 * lookup) but whose accepted input is exactly `doc`. `runtime` must parse with `doc` first.
 */
export function documentedAs<T extends z.ZodType>(runtime: T, doc: z.ZodType): T {
  documentedForms.set(runtime, doc);
  return runtime;
}

export function documentedForm(schema: z.ZodType): z.ZodType {
  return documentedForms.get(schema) ?? schema;
}

export const MoneyV2Schema = named(
  "MoneyV2",
  'An exact amount of money: a decimal string in the currency\'s major unit with exactly the ISO 4217 number of decimals ("59.95" EUR, "8000" JPY, "12.350" KWD), never a float.',
  z.object({
    amount: z
      .string()
      .regex(/^-?[0-9]+(\.[0-9]{1,4})?$/)
      .describe('Decimal string, e.g. "59.95" (EUR), "8000" (JPY), "12.350" (KWD).'),
    currencyCode: z.string().regex(/^[A-Z]{3}$/).describe("ISO 4217 currency code, e.g. EUR."),
  }),
);

/**
 * Every `error.code` the API sends. Endpoints declare which of them each status may carry; the
 * contract tests fail when a response uses a code missing here.
 */
const API_ERROR_CODES = [
  // malformed input (400)
  "invalid_body",
  "invalid_parameter",
  "currency_not_enabled",
  "invalid_quantity",
  "unknown_consent_text",
  // credentials (401 / 403) and throttling (429)
  "unauthorized",
  "invalid_credentials",
  "forbidden",
  "early_access_only",
  "refund_limit_exceeded",
  "rate_limited",
  // not found (404)
  "not_found",
  "cart_not_found",
  "line_not_found",
  "variant_not_found",
  "order_not_found",
  "customer_not_found",
  "staff_not_found",
  "contact_not_found",
  "api_token_not_found",
  "image_not_found",
  // protocol (405, 413, 415)
  "method_not_allowed",
  "payload_too_large",
  "unsupported_media_type",
  // conflicts with the current state (409)
  "cart_completed",
  "market_unavailable",
  "insufficient_stock",
  "payment_unavailable",
  "discount_rejected",
  "invalid_transition",
  "invalid_fulfillment",
  "idempotency_key_reused",
  "refund_declined",
  "payment_state_changed",
  "email_taken",
  "last_owner",
  "invitation_accepted",
  "staff_disabled",
  // gone (410)
  "invalid_invitation",
  // business refusals (422)
  "variant_not_sold_in_market",
  "invalid_refund",
  "invalid_restock",
  "too_many_lines",
  "invalid_address",
  "shipping_method_unavailable",
  "cart_empty",
  "email_required",
  "address_required",
  "address_invalid",
  "country_not_served",
  "shipping_method_required",
  "too_many_units",
  "too_many_addresses",
  // catalog admin: bad product or collection input (400), missing things (404), conflicts (409), the listing check (422)
  "translation_required",
  "title_required",
  "invalid_handle",
  "invalid_release_time",
  "variants_required",
  "sku_required",
  "duplicate_sku",
  "unknown_option_value",
  "unknown_image",
  "invalid_weight",
  "unsupported_currency",
  "invalid_price",
  "invalid_compare_at",
  "unknown_location",
  "invalid_stock",
  "unknown_collection",
  "unknown_product",
  "product_not_found",
  "collection_not_found",
  "location_not_found",
  "handle_taken",
  "sku_taken",
  "variant_reserved",
  "stock_below_reserved",
  "product_reserved",
  "listing_warnings",
  // image uploads: empty (400), too large (413), not an image (415)
  "image_empty",
  "image_too_large",
  "image_type",
  // markets & settings admin: bad input (400), missing things (404), conflicts (409)
  "market_not_found",
  "invalid_name",
  "default_market",
  "currency_without_rate",
  "ship_to_required",
  "invalid_country",
  "invalid_rounding_rule",
  "invalid_default_shipping",
  "invalid_amount",
  "threshold_required",
  "base_currency_rate",
  "invalid_rate",
  "invalid_date",
  "store_not_found",
  "base_currency_locked",
  "unknown_market",
  "invalid_sender_name",
  "invalid_email",
  "sender_address_required",
  "shipping_rate_not_found",
  "invalid_days",
  "bands_required",
  "invalid_region",
  "invalid_registration_number",
  "duplicate_registration",
  // loyalty points (ADR 0011)
  "insufficient_points",
  "invalid_points",
  "too_few_points",
  "reward_not_found",
  "reason_required",
  "sign_in_required",
  "no_points",
  // membership tiers (admin): bad tier input (400), unknown tier (404), a rank in use (409)
  "invalid_tier",
  "tier_not_found",
  "position_taken",
  // referral campaigns and their review queue
  "code_taken",
  "campaign_not_found",
  "reward_not_held",
  // deliverability (ADR 0015): the store's postal address, the suppression list
  "invalid_postal_address",
  "suppression_not_found",
  "suppression_not_manual",
  // segments (ADR 0016): a definition the store cannot match (400), unknown segment (404)
  "invalid_segment",
  "segment_not_found",
  // campaigns (ADR 0018): invalid content or segment (400), a test send to a non-staff address (400),
  // unknown campaign (404), a change or schedule the campaign's status no longer allows (409)
  "invalid_campaign",
  "not_staff_address",
  "campaign_not_found",
  "campaign_not_draft",
  "campaign_not_schedulable",
  // imported order history (issue #11): read-only
  "order_imported",
  // our fault (500), or the database away / overloaded (503, with Retry-After)
  "internal_error",
  "service_unavailable",
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

const ApiIssueSchema = named(
  "Issue",
  "One problem with the request.",
  z.object({
    field: z.string().describe("The parameter or body field at fault (dotted path for nested fields)."),
    message: z.string().describe("What is wrong and how to fix it."),
  }),
);

export const ApiErrorSchema = named(
  "Error",
  "The body of every non-2xx response of every endpoint.",
  z.object({
    error: z.object({
      code: z.enum(API_ERROR_CODES).describe("Machine-readable reason; the operation's responses list which codes each status carries."),
      message: z.string().describe('Human-readable and actionable, e.g. "first: must be between 1 and 100".'),
      field: z.string().optional().describe('The parameter or body field at fault (dotted path, e.g. "quantity", "postalCode"), when there is one.'),
      details: z
        .looseObject({ issues: z.array(ApiIssueSchema).optional() })
        .optional()
        .describe(
          "Extra data, e.g. `{ issues: Issue[] }` (400: every invalid parameter), `{ available }` (insufficient_stock; a checkout also names the line: `lineId`, `title`), `{ max }` (invalid_quantity, too_many_lines: the limit), `{ errors }` (invalid_address: field → message key), `{ reason }` (discount_rejected).",
        ),
    }),
  }),
);

export type ApiIssue = z.output<typeof ApiIssueSchema>;
export type ApiErrorBody = z.output<typeof ApiErrorSchema>;
