/**
 * The owner's markets & settings changes, shared by the admin pages and the Admin API. Each change is
 * one audited transaction in the owning module (markets, shipping, tax); what derives from it follows:
 * a market's free-shipping threshold is copied onto the rates that follow it, and a change that moves
 * shelf prices (an FX rate in force, a market's currency, rounding or availability) rebuilds the market
 * prices, which records every changed shelf price in the price history at the moment it changes.
 */
import { invalidatePageCaches } from "~/lib/page-cache.server";
import { clearCache } from "~/lib/cache.server";
import { newId } from "~/lib/ids";
import { UserError } from "~/lib/errors";
import { refreshMarketPrices } from "../catalog/catalog-write.server";
import { enqueue, registerHandler } from "../jobs/jobs.server";
import {
  enterFxRate,
  marketFreeShippingOver,
  updateMarket,
  updateStoreSettings,
  type FxRateRecord,
  type MarketPatch,
  type MarketRecord,
  type StoreSettingsPatch,
  type StoreSettingsRecord,
} from "../markets/markets-admin.server";
import { invalidateStoreConfig, utcDay } from "../markets/markets.server";
import { applyMarketFreeShipping, shippingRateMarket, updateShippingRate, type ShippingRateRecord, type ShippingRateUpdate } from "../shipping/shipping-admin.server";
import { invalidateShippingRates } from "../shipping/shipping.server";
import { invalidateTaxRegistrations, replaceTaxRegistrations, type TaxRegistration } from "../tax/registrations.server";
import { auditedWrite, type Actor } from "../staff/audit.server";

/** Job kind: rebuild the market prices (an FX rate takes effect, or a synchronous rebuild failed). */
export const REFRESH_PRICES_JOB = "settings.refresh-prices";

/** This process serves the change at once; other processes within their caches' lifetimes (30 s). */
function settingsChanged(): void {
  invalidateStoreConfig();
  invalidateShippingRates();
  invalidateTaxRegistrations();
  clearCache();
  invalidatePageCaches();
}

async function refreshPrices(): Promise<void> {
  invalidateStoreConfig();
  await refreshMarketPrices();
  settingsChanged();
}

/** Registers the price-refresh job (wired in app/server/job-handlers.server.ts). */
export function registerSettingsJobs(): void {
  registerHandler(REFRESH_PRICES_JOB, refreshPrices);
}

const PRICE_FIELDS = ["currency", "enabled", "roundingRule"] as const;

/**
 * Changes a market. The prices are rebuilt after the commit (outside the transaction: the rebuild reads
 * the store config, which must see the change); a job queued with the change retries it if that fails.
 */
export async function patchMarket(actor: Actor, handle: string, patch: MarketPatch): Promise<MarketRecord> {
  let reprice = false;
  const after = await auditedWrite(actor, "update:markets", async (tx) => {
    const change = await updateMarket(tx, handle, patch);
    if (patch.freeShippingOver !== undefined || change.before?.currency !== change.after.currency) {
      const threshold = await marketFreeShippingOver(tx, handle);
      await applyMarketFreeShipping(tx, handle, threshold?.amount ?? null);
    }
    reprice = PRICE_FIELDS.some((f) => change.before?.[f] !== change.after[f]);
    if (reprice) await enqueue(REFRESH_PRICES_JOB, { reason: `market:${handle}` }, { tx, dedupeKey: `${REFRESH_PRICES_JOB}:${newId("job")}` });
    return { entityId: handle, before: change.before, after: change.after, result: change.after };
  });
  settingsChanged();
  if (reprice) await refreshPrices();
  return after;
}

interface FxRateEntry {
  rate: FxRateRecord;
  /** True when the rate is in force today and the converted prices were rebuilt with it. */
  applied: boolean;
}

/**
 * Enters an FX rate from a day on. A rate for today or earlier applies now (prices rebuilt after the
 * commit); a later one is applied by a job that runs at 00:00 UTC of its day, so the price history
 * records the converted prices changing when they really do.
 */
export async function addFxRate(actor: Actor, input: { currency: string; rate: string; effectiveOn: string }, now = new Date()): Promise<FxRateEntry> {
  const today = utcDay(now);
  const rate = await auditedWrite(actor, "create:fx-rates", async (tx) => {
    const change = await enterFxRate(tx, input);
    const runAt = change.after.effectiveOn > today ? new Date(`${change.after.effectiveOn}T00:00:00Z`) : undefined;
    await enqueue(REFRESH_PRICES_JOB, { reason: `fx:${change.after.currency}:${change.after.effectiveOn}` }, { tx, runAt, dedupeKey: `${REFRESH_PRICES_JOB}:${newId("job")}` });
    return { entityId: `${change.after.currency}@${change.after.effectiveOn}`, before: change.before, after: change.after, result: change.after };
  });
  if (rate.effectiveOn <= today) await refreshPrices();
  else settingsChanged();
  return { rate, applied: rate.current };
}

/** Edits a shipping rate; following the market takes the market's current threshold. */
export async function editShippingRate(actor: Actor, id: string, input: ShippingRateUpdate): Promise<ShippingRateRecord> {
  const after = await auditedWrite(actor, "update:shipping-rates", async (tx) => {
    const market = await shippingRateMarket(tx, id);
    if (!market) throw new UserError("shipping_rate_not_found", `There is no shipping rate ${id}.`, 404);
    const threshold = await marketFreeShippingOver(tx, market);
    const change = await updateShippingRate(tx, id, input, { currency: threshold!.currency, freeShippingOver: threshold!.amount });
    return { entityId: id, before: change.before, after: change.after, result: change.after };
  });
  settingsChanged();
  return after;
}

/** Replaces the store's tax registrations. */
export async function setTaxRegistrations(actor: Actor, registrations: TaxRegistration[]): Promise<TaxRegistration[]> {
  const after = await auditedWrite(actor, "update:tax-registrations", async (tx) => {
    const change = await replaceTaxRegistrations(tx, registrations);
    return { entityId: null, before: change.before, after: change.after, result: change.after };
  });
  settingsChanged();
  return after;
}

/** Changes the store's settings (name, default market, sender identity). */
export async function patchStoreSettings(actor: Actor, patch: StoreSettingsPatch): Promise<StoreSettingsRecord> {
  const after = await auditedWrite(actor, "update:settings", async (tx) => {
    const change = await updateStoreSettings(tx, patch);
    return { entityId: "store", before: change.before, after: change.after, result: change.after };
  });
  settingsChanged();
  return after;
}
