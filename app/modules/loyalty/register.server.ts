import { now } from "~/lib/clock.server";
import { emailLinkOrigin } from "~/lib/http.server";
import { getContact } from "../contacts/contacts.server";
import { registerHandler } from "../jobs/jobs.server";
import { queueEmail } from "../mail/send-email.server";
import { getStoreConfig } from "../markets/markets.server";
import { intlLocale } from "../markets/markets";
import { registerOrderListener } from "../orders/order-listeners.server";
import { registerAdjustmentSource } from "../pricing/adjustments";
import { DAILY_JOB, runLoyaltyDaily, type ExpiryWarning } from "./daily.server";
import { loyaltyOrderListener, RELEASE_POINTS_JOB } from "./earning.server";
import { releaseDuePoints } from "./ledger.server";
import { loyaltyPointsSource } from "./redemption.server";

/** One warning per period of inactivity (the key carries the last activity), in the contact's language. */
const warnBeforeExpiry: ExpiryWarning = async (db, c) => {
  const contact = await getContact(c.contactId, db);
  if (!contact || contact.erasedAt) return;
  const config = await getStoreConfig();
  const market = config.byHandle.get(contact.market ?? "") ?? config.byHandle.get(config.defaultMarket)!;
  await queueEmail(
    {
      template: "points-expiry-warning",
      to: contact.email,
      locale: contact.locale,
      intlLocale: intlLocale(market),
      idempotencyKey: `points-expiry:${c.contactId}:${c.lastActivity.toISOString()}`,
      data: { customerName: contact.name, points: c.available, expiresAt: c.expiresAt.toISOString(), url: `${emailLinkOrigin()}/${market.handle}/account/rewards` },
    },
    { db },
  );
};

/**
 * Points: the order listeners (earn, release date at delivery, refund reversals), the checkout's
 * `loyalty_points` adjustment source, and the release and daily jobs. Called from registerAllJobHandlers.
 */
export function registerLoyalty(): void {
  registerOrderListener("loyalty", loyaltyOrderListener);
  registerAdjustmentSource(loyaltyPointsSource);
  registerHandler(RELEASE_POINTS_JOB, async () => {
    await releaseDuePoints(now());
  });
  registerHandler(DAILY_JOB, async () => {
    await runLoyaltyDaily(warnBeforeExpiry);
  });
}
