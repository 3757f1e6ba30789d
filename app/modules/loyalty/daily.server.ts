import { and, eq, max, ne, sql } from "drizzle-orm";
import { getDb, type Db } from "~db/index";
import { pointsLedgerTable } from "~db/schema/loyalty";
import { addDays, now } from "~/lib/clock.server";
import { contactIdsWithBirthday } from "../contacts/contacts.server";
import { enqueue } from "../jobs/jobs.server";
import { postPoints } from "./ledger.server";
import { getLoyaltySettings, type LoyaltySettings } from "./settings.server";

export const DAILY_JOB = "loyalty.daily";

const utcDay = (at: Date) => at.toISOString().slice(0, 10);

/** Queues the next daily run for the coming 00:00 UTC; one job per day whoever asks. */
export async function scheduleNextDaily(db?: Db, after: Date = now()): Promise<void> {
  const next = new Date(Date.UTC(after.getUTCFullYear(), after.getUTCMonth(), after.getUTCDate() + 1));
  await enqueue(DAILY_JOB, {}, { runAt: next, dedupeKey: `${DAILY_JOB}:${utcDay(next)}`, ...(db ? { db } : {}) });
}

/** The days whose birthdays are celebrated today: 29 February counts on 28 February in other years. */
export function birthdayDays(today: Date): string[] {
  const md = utcDay(today).slice(5);
  const y = today.getUTCFullYear();
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return md === "02-28" && !leap ? ["02-28", "02-29"] : [md];
}

async function awardBirthdays(db: Db, settings: LoyaltySettings, today: Date): Promise<number> {
  if (settings.birthdayBonus <= 0) return 0;
  let n = 0;
  for (const contactId of await contactIdsWithBirthday(birthdayDays(today), db)) {
    const row = await db.transaction((tx) =>
      postPoints(tx, { contactId, type: "earn", points: settings.birthdayBonus, source: "birthday", actor: "system", dedupeKey: `birthday:${contactId}:${today.getUTCFullYear()}` }),
    );
    if (row) n++;
  }
  return n;
}

/** Calendar months later (UTC), clamped to the month's last day: 31 Jan + 1 month = 28/29 Feb. */
export function addMonths(at: Date, months: number): Date {
  const target = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + months, 1, at.getUTCHours(), at.getUTCMinutes(), at.getUTCSeconds(), at.getUTCMilliseconds()));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(at.getUTCDate(), lastDay));
  return target;
}

interface ExpiryCandidate {
  contactId: string;
  available: number;
  /** Latest ledger activity, never earlier than the moment expiry was switched on. */
  lastActivity: Date;
}

/** Contacts holding available points, with their last activity (expiry rows are not activity). */
async function expiryCandidates(db: Db, since: Date): Promise<ExpiryCandidate[]> {
  const t = pointsLedgerTable;
  const rows = await db
    .select({
      contactId: t.contactId,
      available: sql<string>`coalesce(sum(${t.points}) filter (where ${t.status} = 'available'), 0)`,
      last: sql<Date | null>`max(${t.createdAt}) filter (where ${t.type} <> 'expire')`.mapWith(t.createdAt),
    })
    .from(t)
    .groupBy(t.contactId);
  return rows
    .map((r) => {
      const last = r.last ?? since;
      return { contactId: r.contactId, available: Number(r.available), lastActivity: last > since ? last : since };
    })
    .filter((c) => c.available > 0);
}

export type ExpiryWarning = (db: Db, c: ExpiryCandidate & { expiresAt: Date }) => Promise<void>;

/**
 * Points expire after `expiryMonths` without activity, counted only from when expiry was switched on
 * (never retroactive). Only available points expire; pending points wait for their return window.
 * `warningDays` before, the contact is warned once per period of inactivity.
 */
async function expireInactive(db: Db, settings: LoyaltySettings, at: Date, warn: ExpiryWarning): Promise<number> {
  if (settings.expiryMonths === null || !settings.expirySince) return 0;
  let n = 0;
  for (const c of await expiryCandidates(db, settings.expirySince)) {
    const expiresAt = addMonths(c.lastActivity, settings.expiryMonths);
    if (expiresAt <= at) {
      const row = await db.transaction(async (tx) => {
        // Activity since the candidates were read (the contact row lock in postPoints orders writers).
        const [fresh] = await tx
          .select({ last: max(pointsLedgerTable.createdAt) })
          .from(pointsLedgerTable)
          .where(and(eq(pointsLedgerTable.contactId, c.contactId), ne(pointsLedgerTable.type, "expire")));
        if (fresh?.last && fresh.last.getTime() > c.lastActivity.getTime()) return null;
        return postPoints(tx, { contactId: c.contactId, type: "expire", points: -c.available, source: "expiry", actor: "system", dedupeKey: `expire:${c.contactId}:${c.lastActivity.toISOString()}` }).catch((e: { code?: string }) => {
          // Spent meanwhile: the next run sees the new balance and a new last activity.
          if (e.code === "insufficient_points") return null;
          throw e;
        });
      });
      if (row) n++;
    } else if (addDays(expiresAt, -settings.warningDays) <= at) {
      await warn(db, { ...c, expiresAt });
    }
  }
  return n;
}

/** The daily run: birthday bonuses, expiry and its warnings, then the next day's job. */
export async function runLoyaltyDaily(warn: ExpiryWarning): Promise<{ birthdays: number; expired: number }> {
  const db = await getDb();
  const at = now();
  const settings = await getLoyaltySettings(db);
  const birthdays = await awardBirthdays(db, settings, at);
  const expired = await expireInactive(db, settings, at, warn);
  await scheduleNextDaily(db, at);
  return { birthdays, expired };
}
