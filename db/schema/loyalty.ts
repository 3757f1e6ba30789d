import { bigint, bigserial, boolean, index, integer, jsonb, numeric, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { contactsTable } from "./contacts";

const ts = (name?: string) => (name ? timestamp(name, { withTimezone: true }) : timestamp({ withTimezone: true }));

export const POINTS_ENTRY_TYPES = ["earn", "redeem", "expire", "reverse", "adjust"] as const;
export const POINTS_ENTRY_STATUSES = ["pending", "available"] as const;

/**
 * The points ledger: append-only. A balance is the sum of its rows; a row's amount never changes.
 * The one state change allowed is pending → available when its return window has passed.
 */
export const pointsLedgerTable = pgTable(
  "points_ledger",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    contactId: text()
      .notNull()
      .references(() => contactsTable.id, { onDelete: "cascade" }),
    type: text({ enum: POINTS_ENTRY_TYPES }).notNull(),
    /** Signed: earn and positive adjustments add, redeem/expire/reverse take away. */
    points: integer().notNull(),
    status: text({ enum: POINTS_ENTRY_STATUSES }).notNull(),
    /** When a pending row becomes available; null while it waits for an event (delivery). */
    availableAt: ts(),
    /** What it is for: order, signup, birthday, referral, admin, checkout, expiry… */
    source: text().notNull(),
    orderId: text(),
    /** The row this one reverses (a refund's reversal, a released redemption). */
    reverses: integer(),
    reason: text(),
    /** Staff member or "system". */
    actor: text(),
    /** At most one row per key, ever: a retried job or webhook cannot award twice. */
    dedupeKey: text().unique(),
    createdAt: ts().notNull().defaultNow(),
  },
  (t) => [index().on(t.contactId, t.createdAt), index().on(t.status, t.availableAt), index().on(t.orderId)],
);

// ---- points: settings, rewards, redemptions at checkout (docs/decisions/0011) ----

export const RETURN_WINDOW_FROM = ["payment", "delivery"] as const;

/** The one settings row (id "loyalty"); defaults apply until the owner saves. */
export const loyaltySettingsTable = pgTable("loyalty_settings", {
  id: text().primaryKey(),
  /** Points per whole unit of the base currency spent. */
  pointsPerUnit: integer().notNull().default(1),
  /** Points a shopper spends for one unit of the base currency off (entered points at checkout). */
  redeemPointsPerUnit: integer().notNull().default(100),
  returnWindowDays: integer().notNull().default(14),
  returnWindowFrom: text({ enum: RETURN_WINDOW_FROM }).notNull().default("payment"),
  signupBonus: integer().notNull().default(0),
  birthdayBonus: integer().notNull().default(0),
  /** Null: points never expire. */
  expiryMonths: integer(),
  /** When expiry was switched on: only activity after it counts (never retroactive). */
  expirySince: ts(),
  warningDays: integer().notNull().default(14),
  updatedAt: ts().notNull().defaultNow(),
});

export const REWARD_KINDS = ["fixed", "percentage", "free_shipping"] as const;

export const loyaltyRewardsTable = pgTable("loyalty_rewards", {
  id: text().primaryKey(),
  kind: text({ enum: REWARD_KINDS }).notNull(),
  points: integer().notNull(),
  /** fixed: minor units of the base currency, converted to the cart currency at checkout. */
  amount: bigint({ mode: "bigint" }),
  /** percentage: basis points off the lines. */
  percentBp: integer(),
  active: boolean().notNull().default(true),
  position: integer().notNull().default(0),
});

/** At most one redemption per cart; the points are taken (a `redeem` row) when payment starts. */
export const cartPointRedemptionsTable = pgTable("cart_point_redemptions", {
  cartId: text().primaryKey(),
  contactId: text()
    .notNull()
    .references(() => contactsTable.id, { onDelete: "cascade" }),
  points: integer().notNull(),
  rewardId: text().references(() => loyaltyRewardsTable.id),
  createdAt: ts().notNull().defaultNow(),
});
// ---------------------------------------------------------------------------------- membership tiers

/** A tier's name per catalog language ("en" required; others fall back to it). */
export type TierNames = Record<string, string>;

/**
 * Membership tiers, ranked by `position` (higher = better). A contact qualifies for a tier when either
 * threshold is met over the trailing 12 months; a tier with neither is the entry tier everyone holds.
 */
export const tiersTable = pgTable("tiers", {
  id: text().primaryKey(),
  names: jsonb().$type<TierNames>().notNull(),
  position: integer().notNull().unique(),
  /** Net spend in the store's base currency, minor units. */
  spendThreshold: bigint({ mode: "bigint" }),
  /** Points earned (positive earn rows less their reversals). */
  pointsThreshold: integer(),
  /** Points multiplier as an exact decimal, e.g. 1.25. */
  multiplier: numeric({ precision: 6, scale: 2 }).notNull().default("1"),
  discountBps: integer().notNull().default(0),
  /** Shipping is free from this discounted subtotal (base currency, minor units); null = the market's rule. */
  freeShippingOver: bigint({ mode: "bigint" }),
  earlyAccess: boolean().notNull().default(false),
  /** How long the tier is kept after the contact last qualified for it. */
  retentionMonths: integer().notNull().default(12),
  active: boolean().notNull().default(true),
  createdAt: ts().notNull().defaultNow(),
  updatedAt: ts().notNull().defaultNow(),
});

/** A contact's current tier. No row = never calculated (the first calculation sends no email). */
export const loyaltyMembersTable = pgTable(
  "loyalty_members",
  {
    contactId: text()
      .primaryKey()
      .references(() => contactsTable.id, { onDelete: "cascade" }),
    tierId: text().references(() => tiersTable.id),
    /** When the contact entered the current tier. */
    qualifiedAt: ts().notNull(),
    /** The tier is kept until then even when the contact no longer qualifies. */
    retainedUntil: ts().notNull(),
    updatedAt: ts().notNull().defaultNow(),
  },
  (t) => [index().on(t.tierId), index().on(t.retainedUntil)],
);

/** `import`: imported order history moved the contact (recorded, never emailed). */
export const TIER_CHANGE_REASONS = ["initial", "upgrade", "downgrade", "tier_inactive", "import"] as const;

/** History of tier changes (append-only). */
export const tierChangesTable = pgTable(
  "tier_changes",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    contactId: text()
      .notNull()
      .references(() => contactsTable.id, { onDelete: "cascade" }),
    fromTierId: text(),
    toTierId: text(),
    reason: text({ enum: TIER_CHANGE_REASONS }).notNull(),
    at: ts().notNull(),
  },
  (t) => [index().on(t.contactId, t.at)],
);
