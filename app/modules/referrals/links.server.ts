import { and, asc, eq, inArray } from "drizzle-orm";
import { getDb, type Db } from "~db/index";
import { referralCampaignsTable, referralCartsTable, referralClicksTable, referralCodesTable, referralDevicesTable } from "~db/schema/referrals";
import { addDays, now } from "~/lib/clock.server";
import { readCookie } from "~/lib/cookies";
import { getEnv } from "~/lib/env.server";
import { newId } from "~/lib/ids";
import { signExpiring, verifyExpiring } from "~/lib/signing.server";
import { issueDiscountCode, randomCode } from "../discounts/issue-code.server";
import { activeCampaign } from "./campaigns.server";

const ATTRIBUTION_COOKIE = "harbor_ref";
const DEVICE_COOKIE = "harbor_device";
const ATTRIBUTION_DAYS = 30;
const SIGNING_PURPOSE = "referral-click";

export type ClickRow = typeof referralClicksTable.$inferSelect;

function secure(request: Request): string {
  return new URL(request.url).protocol === "https:" ? "; Secure" : "";
}

/** The signed attribution cookie: `<click id>.<expiry>.<signature>`, valid for 30 days. */
export function attributionCookie(clickId: string, request: Request): string {
  const value = `${clickId}.${signExpiring(SIGNING_PURPOSE, clickId, addDays(now(), ATTRIBUTION_DAYS))}`;
  return `${ATTRIBUTION_COOKIE}=${encodeURIComponent(value)}; Path=/; Max-Age=${ATTRIBUTION_DAYS * 86_400}; HttpOnly; SameSite=Lax${secure(request)}`;
}

/** The click id of a valid (signed, unexpired) attribution cookie, or null. */
export function attributedClickId(request: Request): string | null {
  const raw = readCookie(request.headers.get("cookie"), ATTRIBUTION_COOKIE);
  const match = /^(rclk_[0-9a-z]{22})\.(.+)$/.exec(raw ?? "");
  if (!match) return null;
  return verifyExpiring(SIGNING_PURPOSE, match[1]!, match[2], now()) ? match[1]! : null;
}

export function deviceIdFrom(request: Request): string | null {
  const raw = readCookie(request.headers.get("cookie"), DEVICE_COOKIE);
  return raw && /^dev_[0-9a-z]{22}$/.test(raw) ? raw : null;
}

/** A first-party id for this browser (fraud checks only: the same device on both sides of a referral). */
export function newDevice(request: Request): { id: string; cookie: string } {
  const id = newId("dev");
  return { id, cookie: `${DEVICE_COOKIE}=${id}; Path=/; Max-Age=${2 * 365 * 86_400}; HttpOnly; SameSite=Lax${secure(request)}` };
}

async function codeOf(db: Db, contactId: string): Promise<string> {
  const [existing] = await db.select().from(referralCodesTable).where(eq(referralCodesTable.contactId, contactId));
  if (existing) return existing.code;
  for (;;) {
    const [row] = await db.insert(referralCodesTable).values({ code: randomCode("", 8), contactId }).onConflictDoNothing().returning();
    if (row) return row.code;
    // A concurrent first visit of the same contact made the code, or (rarely) the random code was taken.
    const [again] = await db.select().from(referralCodesTable).where(eq(referralCodesTable.contactId, contactId));
    if (again) return again.code;
  }
}

/** The contact's share code and link (created on first use). `market` is where the link was shown. */
export async function referralLinkFor(contactId: string, market: string): Promise<{ code: string; url: string }> {
  const code = await codeOf(await getDb(), contactId);
  const origin = getEnv().server.publicUrl ?? "";
  // The visitor's own market wins at /r/; the sharer's market is only a fallback for a visitor without preferences.
  return { code, url: `${origin}/r/${code}?m=${encodeURIComponent(market)}` };
}

/** The referrer's own browsers: a friend's order from one of them is a self-referral. */
export async function rememberReferrerDevice(contactId: string, deviceId: string): Promise<void> {
  const db = await getDb();
  await db.insert(referralDevicesTable).values({ contactId, deviceId }).onConflictDoNothing();
}

export async function referrerDevices(db: Db, contactId: string): Promise<string[]> {
  const rows = await db.select({ d: referralDevicesTable.deviceId }).from(referralDevicesTable).where(eq(referralDevicesTable.contactId, contactId));
  return rows.map((r) => r.d);
}

export interface OpenedLink {
  click: ClickRow;
  /** The click the visitor is attributed to: an earlier referrer's, when one is still in its cookie window. */
  attributedTo: ClickRow;
}

async function getClick(db: Db, id: string): Promise<ClickRow | null> {
  const [row] = await db.select().from(referralClicksTable).where(eq(referralClicksTable.id, id));
  return row ?? null;
}

/**
 * Counts an opened share link and gives the visitor the friend's code: the campaign's shared code,
 * or a single-use code of their own (the same one again when this device opens the link again).
 * Null for an unknown code or when no campaign is running.
 */
export async function openReferralLink(input: { code: string; deviceId: string; ip: string; earlierClickId: string | null }): Promise<OpenedLink | null> {
  const db = await getDb();
  const at = now();
  const [owner] = await db.select().from(referralCodesTable).where(eq(referralCodesTable.code, input.code.trim().toUpperCase()));
  if (!owner) return null;
  const campaign = await activeCampaign(at, db);
  if (!campaign) return null;
  return db.transaction(async (t) => {
    const tx = t as unknown as Db;
    let friendCode = campaign.sharedCode;
    if (campaign.friendCodeMode === "unique") {
      const [again] = await tx
        .select({ friendCode: referralClicksTable.friendCode })
        .from(referralClicksTable)
        .where(and(eq(referralClicksTable.deviceId, input.deviceId), eq(referralClicksTable.campaignId, campaign.id), eq(referralClicksTable.code, owner.code)))
        .orderBy(asc(referralClicksTable.createdAt))
        .limit(1);
      friendCode =
        again?.friendCode ??
        (await issueDiscountCode(tx, {
          prefix: "FRIEND",
          kind: campaign.friendOfferKind,
          percentBp: campaign.friendPercentBp,
          amounts: campaign.friendAmounts,
          startsAt: campaign.startsAt,
          endsAt: campaign.endsAt,
          usageLimit: 1,
          perCustomerLimit: 1,
        }));
    }
    const [click] = await tx
      .insert(referralClicksTable)
      .values({ id: newId("rclk"), code: owner.code, referrerContactId: owner.contactId, campaignId: campaign.id, deviceId: input.deviceId, ip: input.ip, friendCode, createdAt: at })
      .returning();
    // First referrer wins: a visitor still inside an earlier link's 30 days stays that referrer's friend.
    const earlier = input.earlierClickId ? await getClick(tx, input.earlierClickId) : null;
    return { click: click!, attributedTo: earlier ?? click! };
  });
}

/** Ties a cart to the click its visitor came from; the first attribution of a cart is kept. */
export async function attributeCart(cartId: string, clickId: string): Promise<void> {
  const db = await getDb();
  await db.insert(referralCartsTable).values({ cartId, clickId }).onConflictDoNothing();
}

/** Checkout: the attribution cookie reaches the cart (and so the order), whenever the cart was made. */
export async function attributeCartFromRequest(request: Request, cartId: string): Promise<void> {
  const clickId = attributedClickId(request);
  if (clickId) await attributeCart(cartId, clickId);
}

/** The click an order came from: its cart's attribution, else a single-use friend code it redeemed. */
export async function clickForOrder(db: Db, order: { cartId: string; discountCodes: string[] }): Promise<ClickRow | null> {
  const [byCart] = await db.select({ clickId: referralCartsTable.clickId }).from(referralCartsTable).where(eq(referralCartsTable.cartId, order.cartId));
  if (byCart) return getClick(db, byCart.clickId);
  // A shared campaign code names no referrer: only single-use friend codes attribute.
  const shared = new Set((await db.select({ c: referralCampaignsTable.sharedCode }).from(referralCampaignsTable)).map((r) => r.c));
  const codes = order.discountCodes.filter((c) => !shared.has(c));
  if (!codes.length) return null;
  const [byCode] = await db
    .select()
    .from(referralClicksTable)
    .where(inArray(referralClicksTable.friendCode, codes))
    .orderBy(asc(referralClicksTable.createdAt))
    .limit(1);
  return byCode ?? null;
}

