/**
 * The markets & settings part of the Admin API (/api/admin/v1): request bodies and response shapes,
 * registered as named components of the Admin API's OpenAPI document. Amounts are decimal strings in
 * the market's currency (stored as minor units); field paths in errors are the paths of these bodies.
 */
import { z } from "zod";
import { named } from "~/lib/api/schema";

const currency = z.string().regex(/^[A-Z]{3}$/, "must be an ISO 4217 code such as EUR").describe("ISO 4217 currency code.");
const decimal = z.string().regex(/^\d+(\.\d+)?$/, 'must be a decimal string such as "120.00" or "15000"');
const country = z.string().regex(/^[A-Z]{2}$/, "must be an ISO 3166-1 alpha-2 code such as DE").describe("ISO 3166-1 alpha-2 country code.");
const day = z.iso.date({ error: "must be a date YYYY-MM-DD" }).describe("A UTC calendar day, YYYY-MM-DD.");
const isoTimestamp = z.iso.datetime().describe("ISO 8601 timestamp (UTC).");
const taxDisplay = z.enum(["inclusive", "exclusive"]).describe("Shelf prices include tax (inclusive) or tax is added at checkout (exclusive).");
const dutyMode = z.enum(["DDU", "DDP"]).describe("DDU: the shopper pays import duty and tax on delivery. DDP: the store collects them at checkout.");

export const MarketSchema = named(
  "Market",
  "A market: a language and country with its currency, tax display, duty mode, ship-to countries and free-shipping threshold.",
  z.object({
    handle: z.string().describe("Market handle, e.g. de-de (the storefront's path prefix)."),
    name: z.string(),
    enabled: z.boolean().describe("Disabled markets are not offered on the storefront and get no prices."),
    language: z.string(),
    country,
    currency,
    taxDisplay,
    dutyMode,
    shipTo: z.array(z.string()).describe("Countries the market ships to (ISO 3166-1 alpha-2)."),
    roundingRule: z.string().describe("Converted prices: none, ceil:<minor units> or ending:<minor units>."),
    defaultShipping: z.string().nullable().describe("The pre-selected shipping option: a method code, within:<business days>, or null for the default rule."),
    freeShippingOver: decimal.nullable().describe("Free shipping from this discounted subtotal, in the market's currency; null = never by the market's rule."),
    position: z.number().int(),
  }),
);

export const MarketListSchema = named("MarketList", "Every market, disabled ones included.", z.object({ nodes: z.array(MarketSchema) }));

export const MarketPatchSchema = named(
  "MarketPatch",
  "Body of PATCH /markets/{handle}: the fields to change (fields left out keep their value).",
  z.strictObject({
    name: z.string().max(200).optional(),
    enabled: z.boolean().optional(),
    currency: currency.optional().describe("Needs an FX rate in force (or the base currency). With a threshold set, give freeShippingOver in the new currency too."),
    taxDisplay: taxDisplay.optional(),
    dutyMode: dutyMode.optional(),
    shipTo: z.array(country).min(1).max(249).optional(),
    roundingRule: z.string().max(40).optional(),
    defaultShipping: z.string().max(40).nullable().optional(),
    freeShippingOver: decimal.nullable().optional(),
  }),
  { io: "input" },
);

const FxRateSchema = named(
  "FxRate",
  "Units of a currency for one unit of the base currency, from a day on.",
  z.object({
    currency,
    rate: z.string().describe("Decimal string, e.g. 0.9200."),
    effectiveOn: day,
    current: z.boolean().describe("The rate in force today for its currency (latest effectiveOn on or before today)."),
    updatedAt: isoTimestamp,
  }),
);

export const FxRateListSchema = named("FxRateList", "Every FX rate entered, newest first per currency.", z.object({ baseCurrency: currency, nodes: z.array(FxRateSchema) }));

export const FxRateInputSchema = named(
  "FxRateInput",
  "Body of POST /fx-rates. A rate for the same currency and day replaces that day's.",
  z.strictObject({
    currency,
    rate: z.string().regex(/^\d{1,10}(\.\d{1,10})?$/, "must be a decimal number such as 0.9200").describe("Units of `currency` for one unit of the base currency."),
    effectiveOn: day.optional().describe("From this UTC day on; defaults to today. A later day applies at 00:00 UTC of that day."),
  }),
  { io: "input" },
);

export const FxRateEnteredSchema = named(
  "FxRateEntered",
  "The rate entered and whether it is in force now (converted prices rebuilt) or waits for its day.",
  z.object({ rate: FxRateSchema, applied: z.boolean() }),
);

const BandSchema = z.object({
  upToGrams: z.number().int().min(1).max(1_000_000).nullable().describe("Upper weight limit in grams; null = no limit (at most one band)."),
  amount: decimal.describe("Price in the market's currency."),
});

export const ShippingRateSchema = named(
  "ShippingRate",
  "A market's shipping method: business days, price by weight band and its free-shipping rule.",
  z.object({
    id: z.string(),
    market: z.string(),
    currency,
    method: z.enum(["local", "express", "dedicated", "postal"]),
    enabled: z.boolean(),
    minDays: z.number().int(),
    maxDays: z.number().int(),
    bands: z.array(z.object({ upToGrams: z.number().int().nullable(), amount: z.string() })),
    freeShipping: z.enum(["market", "rate"]).describe("market: free from the market's threshold; rate: from this rate's own freeOver (null = never free)."),
    freeOver: z.string().nullable().describe("The threshold that applies to this rate, in the market's currency; null = never free."),
    locationId: z.string().nullable().describe("For local delivery: the warehouse that must hold every line."),
  }),
);

export const ShippingRateListSchema = named("ShippingRateList", "Shipping rates by market.", z.object({ nodes: z.array(ShippingRateSchema) }));

export const ShippingRateInputSchema = named(
  "ShippingRateInput",
  "Body of PUT /shipping-rates/{id}: the rate's settings (all of them).",
  z.strictObject({
    enabled: z.boolean().default(true),
    minDays: z.number().int().min(0).max(120),
    maxDays: z.number().int().min(0).max(120),
    bands: z.array(BandSchema).min(1).max(20),
    freeShipping: z.enum(["market", "rate"]).default("market"),
    freeOver: decimal.nullable().default(null).describe("With freeShipping rate: this rate's threshold (null = never free). Ignored otherwise."),
  }),
  { io: "input" },
);

const RegistrationSchema = z.object({
  country,
  region: z.string().max(3).default("").describe('US state code (e.g. "NY"); "" for a whole country.'),
  registrationNumber: z.string().max(64).default(""),
  since: day.describe("First day of collection (UTC)."),
});

export const TaxRegistrationsSchema = named(
  "TaxRegistrations",
  "Where the store is registered to collect tax. US states decide where the built-in rules collect sales tax; other countries are kept for the record.",
  z.object({ registrations: z.array(RegistrationSchema) }),
);

export const TaxRegistrationsInputSchema = named(
  "TaxRegistrationsInput",
  "Body of PUT /tax-registrations: the complete list (registrations left out are removed).",
  z.strictObject({ registrations: z.array(RegistrationSchema).max(300) }),
  { io: "input" },
);

export const StoreSettingsSchema = named(
  "StoreSettings",
  "The store's name, base currency, default market, email sender identity and postal address.",
  z.object({
    name: z.string(),
    baseCurrency: currency.describe("Read-only: every base price and FX rate is stated in it."),
    defaultMarket: z.string(),
    mailFromName: z.string().nullable().describe("Sender name; null = the deployment's MAIL_FROM."),
    mailFromAddress: z.string().nullable().describe("Sender address; null = the deployment's MAIL_FROM."),
    mailReplyTo: z.string().nullable().describe("Reply-To address; null = replies go to the sender."),
    postalAddress: z.string().nullable().describe("The postal address printed in the footer of every marketing email; null = not set."),
  }),
);

export const StoreSettingsPatchSchema = named(
  "StoreSettingsPatch",
  "Body of PATCH /settings: the fields to change. baseCurrency may only repeat the current one.",
  z.strictObject({
    name: z.string().max(200).optional(),
    baseCurrency: currency.optional(),
    defaultMarket: z.string().max(20).optional(),
    mailFromName: z.string().max(200).nullable().optional(),
    mailFromAddress: z.string().max(254).nullable().optional(),
    mailReplyTo: z.string().max(254).nullable().optional(),
    postalAddress: z.string().max(300).nullable().optional(),
  }),
  { io: "input" },
);
