/** Admin API: markets, FX rates, shipping rates, tax registrations and the store's settings (owners write). */
import { z } from "zod";
import type { ErrorResponseDoc } from "~/lib/api/endpoint.server";
import { UserError } from "~/lib/errors";
import { listFxRates, listMarketRecords, loadMarketRecord, loadStoreSettings } from "~/modules/markets/markets-admin.server";
import { utcDay } from "~/modules/markets/markets.server";
import {
  FxRateEnteredSchema,
  FxRateInputSchema,
  FxRateListSchema,
  MarketListSchema,
  MarketPatchSchema,
  MarketSchema,
  ShippingRateInputSchema,
  ShippingRateListSchema,
  ShippingRateSchema,
  StoreSettingsPatchSchema,
  StoreSettingsSchema,
  TaxRegistrationsInputSchema,
  TaxRegistrationsSchema,
} from "~/modules/settings/settings-api.schema";
import { addFxRate, editShippingRate, patchMarket, patchStoreSettings, setTaxRegistrations } from "~/modules/settings/settings.server";
import { listShippingRateRecords } from "~/modules/shipping/shipping-admin.server";
import { listTaxRegistrations } from "~/modules/tax/registrations.server";
import { defineAdminEndpoint } from "./define.server";

const marketHandle = z.object({ handle: z.string().min(1).max(20).describe("Market handle, e.g. de-de.") });
const marketNotFound: ErrorResponseDoc = { codes: ["market_not_found"], description: "No market with this handle." };

const listMarketsEndpoint = defineAdminEndpoint({
  operationId: "listMarkets",
  method: "GET",
  path: "/markets",
  summary: "List markets",
  description: "Every market, disabled ones included, in the storefront's order.",
  tag: "Markets",
  permission: "read:markets",
  response: { status: 200, description: "The markets.", schema: MarketListSchema },
  errors: {},
  handler: async () => ({ nodes: await listMarketRecords() }),
});

const getMarketEndpoint = defineAdminEndpoint({
  operationId: "getMarket",
  method: "GET",
  path: "/markets/{handle}",
  summary: "Read a market",
  description: "One market with its free-shipping threshold.",
  tag: "Markets",
  permission: "read:markets",
  params: marketHandle,
  response: { status: 200, description: "The market.", schema: MarketSchema },
  errors: { 404: marketNotFound },
  handler: async ({ params }) => {
    const market = await loadMarketRecord(params.handle);
    if (!market) throw new UserError("market_not_found", `There is no market ${params.handle}.`, 404);
    return market;
  },
});

const updateMarketEndpoint = defineAdminEndpoint({
  operationId: "updateMarket",
  method: "PATCH",
  path: "/markets/{handle}",
  summary: "Change a market",
  description:
    "Changes the fields given. The free-shipping threshold applies to the market's shipping rates that follow it; a change of currency, rounding or availability rebuilds the market's prices (each changed shelf price enters the price history). Audited as `update:markets`.",
  tag: "Markets",
  permission: "write:markets",
  params: marketHandle,
  body: MarketPatchSchema,
  response: { status: 200, description: "The market after the change.", schema: MarketSchema },
  errors: {
    400: {
      codes: ["invalid_body", "invalid_parameter", "invalid_name", "unsupported_currency", "currency_without_rate", "ship_to_required", "invalid_country", "invalid_rounding_rule", "invalid_default_shipping", "invalid_amount", "threshold_required"],
      description: "A field is invalid (`field` names it, e.g. `shipTo.1`).",
    },
    404: marketNotFound,
    409: { codes: ["default_market"], description: "The store's default market cannot be disabled." },
  },
  handler: async ({ auth, params, body }) => patchMarket(auth, params.handle, body),
});

const listFxRatesEndpoint = defineAdminEndpoint({
  operationId: "listFxRates",
  method: "GET",
  path: "/fx-rates",
  summary: "List FX rates",
  description: "Every rate entered, by currency, newest effective day first; `current` marks the rate in force today.",
  tag: "Markets",
  permission: "read:markets",
  response: { status: 200, description: "The rates and the base currency they are stated against.", schema: FxRateListSchema },
  errors: {},
  handler: async () => {
    const [nodes, settings] = await Promise.all([listFxRates(), loadStoreSettings()]);
    return { baseCurrency: settings.baseCurrency, nodes };
  },
});

const addFxRateEndpoint = defineAdminEndpoint({
  operationId: "createFxRate",
  method: "POST",
  path: "/fx-rates",
  summary: "Enter an FX rate",
  description:
    "Enters a rate from a day on (default today). In force now: converted prices are rebuilt at once. A later day: they are rebuilt at 00:00 UTC of that day, so the price history shows the change when it happens. Audited as `create:fx-rates`.",
  tag: "Markets",
  permission: "write:markets",
  body: FxRateInputSchema,
  response: { status: 201, description: "The rate and whether it applies now.", schema: FxRateEnteredSchema },
  errors: { 400: { codes: ["invalid_body", "unsupported_currency", "base_currency_rate", "invalid_rate", "invalid_date"], description: "A field is invalid (`field` names it)." } },
  handler: async ({ auth, body }) => addFxRate(auth, { currency: body.currency, rate: body.rate, effectiveOn: body.effectiveOn ?? utcDay() }),
});

async function marketCurrencies(): Promise<(market: string) => string | undefined> {
  const markets = await listMarketRecords();
  const byHandle = new Map(markets.map((m) => [m.handle, m.currency]));
  return (m) => byHandle.get(m);
}

const listShippingRatesEndpoint = defineAdminEndpoint({
  operationId: "listShippingRates",
  method: "GET",
  path: "/shipping-rates",
  summary: "List shipping rates",
  description: "Every market's shipping rates (disabled ones included), or one market's with `market`.",
  tag: "Markets",
  permission: "read:markets",
  query: z.object({ market: z.string().min(1).max(20).optional().describe("Only this market's rates.") }),
  response: { status: 200, description: "The rates.", schema: ShippingRateListSchema },
  errors: { 400: { codes: ["invalid_parameter"], description: "A parameter is invalid." } },
  handler: async ({ query }) => ({ nodes: await listShippingRateRecords(await marketCurrencies(), query.market) }),
});

const updateShippingRateEndpoint = defineAdminEndpoint({
  operationId: "updateShippingRate",
  method: "PUT",
  path: "/shipping-rates/{id}",
  summary: "Change a shipping rate",
  description: "Replaces the rate's days, weight bands, free-shipping rule and whether it is offered. Audited as `update:shipping-rates`.",
  tag: "Markets",
  permission: "write:markets",
  params: z.object({ id: z.string().min(1).max(100).describe("Shipping rate id (`shr_…`).") }),
  body: ShippingRateInputSchema,
  response: { status: 200, description: "The rate after the change.", schema: ShippingRateSchema },
  errors: {
    400: { codes: ["invalid_body", "invalid_parameter", "invalid_days", "bands_required", "invalid_weight", "invalid_amount"], description: "A field is invalid (`field` names it, e.g. `bands.0.amount`)." },
    404: { codes: ["shipping_rate_not_found"], description: "No shipping rate with this id." },
  },
  handler: async ({ auth, params, body }) => editShippingRate(auth, params.id, body),
});

const listTaxRegistrationsEndpoint = defineAdminEndpoint({
  operationId: "listTaxRegistrations",
  method: "GET",
  path: "/tax-registrations",
  summary: "List tax registrations",
  description: "Where the store is registered to collect tax.",
  tag: "Settings",
  permission: "read:settings",
  response: { status: 200, description: "The registrations.", schema: TaxRegistrationsSchema },
  errors: {},
  handler: async () => ({ registrations: await listTaxRegistrations() }),
});

const putTaxRegistrationsEndpoint = defineAdminEndpoint({
  operationId: "replaceTaxRegistrations",
  method: "PUT",
  path: "/tax-registrations",
  summary: "Replace tax registrations",
  description: "Replaces the whole list. The built-in tax rules collect US sales tax in a state from its registration's `since` day on, at the state's rate. Audited as `update:tax-registrations`.",
  tag: "Settings",
  permission: "write:settings",
  body: TaxRegistrationsInputSchema,
  response: { status: 200, description: "The registrations after the change.", schema: TaxRegistrationsSchema },
  errors: { 400: { codes: ["invalid_body", "invalid_country", "invalid_region", "invalid_date", "invalid_registration_number", "duplicate_registration"], description: "An entry is invalid (`field` names it, e.g. `registrations.0.region`)." } },
  handler: async ({ auth, body }) => ({ registrations: await setTaxRegistrations(auth, body.registrations) }),
});

const getSettingsEndpoint = defineAdminEndpoint({
  operationId: "getStoreSettings",
  method: "GET",
  path: "/settings",
  summary: "Read the store's settings",
  description: "Name, base currency, default market and the email sender identity.",
  tag: "Settings",
  permission: "read:settings",
  response: { status: 200, description: "The settings.", schema: StoreSettingsSchema },
  errors: {},
  handler: async () => loadStoreSettings(),
});

const patchSettingsEndpoint = defineAdminEndpoint({
  operationId: "updateStoreSettings",
  method: "PATCH",
  path: "/settings",
  summary: "Change the store's settings",
  description: "Changes the fields given. The sender identity is used for every email sent from then on (From, Reply-To); the postal address appears in every marketing email's footer. The base currency cannot change (409). Audited as `update:settings`.",
  tag: "Settings",
  permission: "write:settings",
  body: StoreSettingsPatchSchema,
  response: { status: 200, description: "The settings after the change.", schema: StoreSettingsSchema },
  errors: {
    400: { codes: ["invalid_body", "invalid_name", "unknown_market", "invalid_sender_name", "invalid_email", "sender_address_required", "invalid_postal_address"], description: "A field is invalid (`field` names it)." },
    409: { codes: ["base_currency_locked"], description: "The base currency cannot be changed." },
  },
  handler: async ({ auth, body }) => patchStoreSettings(auth, body),
});

export const settingsEndpoints = [
  listMarketsEndpoint,
  getMarketEndpoint,
  updateMarketEndpoint,
  listFxRatesEndpoint,
  addFxRateEndpoint,
  listShippingRatesEndpoint,
  updateShippingRateEndpoint,
  listTaxRegistrationsEndpoint,
  putTaxRegistrationsEndpoint,
  getSettingsEndpoint,
  patchSettingsEndpoint,
];
