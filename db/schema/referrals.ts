import { sql } from "drizzle-orm";
import { bigint, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { contactsTable } from "./contacts";
import { REWARD_STATUSES } from "../../app/modules/referrals/statuses";

const ts = (name?: string) => (name ? timestamp(name, { withTimezone: true }) : timestamp({ withTimezone: true }));
const money = () => bigint({ mode: "bigint" });


/** A referral programme over a period: what the friend gets, what the referrer earns, and its limits. */
export const referralCampaignsTable = pgTable("referral_campaigns", {
  id: text().primaryKey(),
  name: text().notNull(),
  startsAt: ts().notNull(),
  endsAt: ts(),
  /** The friend's discount: a percentage (basis points) or fixed minor-unit amounts per currency. */
  friendOfferKind: text({ enum: ["percentage", "fixed"] }).notNull(),
  friendPercentBp: integer(),
  friendAmounts: jsonb().$type<Record<string, string>>().notNull().default({}),
  /** unique: one single-use code per visiting friend; shared: `sharedCode` for everyone. */
  friendCodeMode: text({ enum: ["unique", "shared"] }).notNull(),
  sharedCode: text(),
  /** The referrer's reward: points on the ledger, or a fixed-amount single-use code. */
  rewardKind: text({ enum: ["points", "discount"] }).notNull(),
  rewardPoints: integer(),
  rewardAmounts: jsonb().$type<Record<string, string>>().notNull().default({}),
  /** Rewards one referrer may earn in this campaign (null: no cap). */
  perReferrerCap: integer(),
  /** The friend's first order must reach this, in base-currency minor units. */
  minOrderBase: money().notNull().default(sql`0`),
  returnWindowDays: integer().notNull().default(14),
  /** More referrals than this from one IP in a UTC day are held for review. */
  ipDailyLimit: integer().notNull().default(3),
  createdAt: ts().notNull().defaultNow(),
});

/** Each contact's one share code, whatever the campaign. */
export const referralCodesTable = pgTable("referral_codes", {
  code: text().primaryKey(),
  contactId: text()
    .notNull()
    .unique()
    .references(() => contactsTable.id, { onDelete: "cascade" }),
  createdAt: ts().notNull().defaultNow(),
});

/** Devices a referrer used while signed in (their referrals page): a friend on one of them is the referrer. */
export const referralDevicesTable = pgTable(
  "referral_devices",
  {
    contactId: text()
      .notNull()
      .references(() => contactsTable.id, { onDelete: "cascade" }),
    deviceId: text().notNull(),
    createdAt: ts().notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.contactId, t.deviceId] }), index().on(t.deviceId)],
);

/** One opened share link. The attribution cookie carries the click's id. */
export const referralClicksTable = pgTable(
  "referral_clicks",
  {
    id: text().primaryKey(),
    code: text().notNull(),
    referrerContactId: text().notNull(),
    campaignId: text().notNull(),
    deviceId: text().notNull(),
    ip: text().notNull(),
    /** The friend's discount code shown for this click (a unique one or the campaign's shared one). */
    friendCode: text(),
    createdAt: ts().notNull().defaultNow(),
  },
  (t) => [index().on(t.campaignId), index().on(t.deviceId, t.campaignId), index().on(t.friendCode)],
);

/** The cart an attribution cookie reached (first click wins): the order made from it is the friend's. */
export const referralCartsTable = pgTable("referral_carts", {
  cartId: text().primaryKey(),
  clickId: text().notNull(),
  createdAt: ts().notNull().defaultNow(),
});

/** A friend's first paid order linked to its referrer, and the referrer's reward for it. */
export const referralsTable = pgTable(
  "referrals",
  {
    id: text().primaryKey(),
    campaignId: text().notNull(),
    referrerContactId: text().notNull(),
    /** A friend is referred once: the first referrer keeps them. */
    friendContactId: text().notNull(),
    orderId: text().notNull(),
    clickId: text().notNull(),
    ip: text().notNull(),
    deviceId: text().notNull(),
    status: text({ enum: REWARD_STATUSES }).notNull(),
    /** Why held (self_email, same_address, same_payment, same_device, ip_daily_limit) or ineligible. */
    reasons: text().array().notNull().default(sql`'{}'::text[]`),
    /** The order's total in base-currency minor units (campaign revenue). */
    revenueBase: money().notNull(),
    /** Paid time + return window: the reward is granted no earlier. */
    grantAt: ts().notNull(),
    rewardPoints: integer(),
    rewardCode: text(),
    decidedBy: text(),
    decisionReason: text(),
    decidedAt: ts(),
    createdAt: ts().notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex().on(t.friendContactId),
    uniqueIndex().on(t.orderId),
    index().on(t.campaignId, t.status),
    index().on(t.referrerContactId),
    index().on(t.ip, t.createdAt),
  ],
);
