import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { contactsTable, jobsTable, outboxEmailsTable, pointsLedgerTable } from "~db/schema";
import { useTestDatabase } from "~db/testing";
import { addDays, runAt } from "~/lib/clock.server";
import { registerAllJobHandlers } from "~/server/job-handlers.server";
import { ensureContact } from "../contacts/contacts.server";
import { runAllDueJobs } from "../jobs/jobs.server";
import { addMonths, birthdayDays } from "./daily.server";
import { awardSignupBonus } from "./earning.server";
import { pointsBalance, postPoints } from "./ledger.server";
import { updateLoyaltySettings } from "./settings.server";

const db = useTestDatabase();
beforeAll(() => registerAllJobHandlers());

const entries = (contactId: string) => db.current.db.select().from(pointsLedgerTable).where(eq(pointsLedgerTable.contactId, contactId)).orderBy(pointsLedgerTable.id);
const settings = (patch: Parameters<typeof updateLoyaltySettings>[1], at = new Date()) => runAt(at, () => db.current.db.transaction((tx) => updateLoyaltySettings(tx, patch)));

describe("calendar rules", () => {
  it("29 February birthdays count on 28 February in other years; months clamp to the month's end", () => {
    expect(birthdayDays(new Date("2027-02-28T00:00:00Z"))).toEqual(["02-28", "02-29"]);
    expect(birthdayDays(new Date("2028-02-28T00:00:00Z"))).toEqual(["02-28"]);
    expect(birthdayDays(new Date("2028-02-29T00:00:00Z"))).toEqual(["02-29"]);
    expect(addMonths(new Date("2027-01-31T10:00:00Z"), 1).toISOString()).toBe("2027-02-28T10:00:00.000Z");
    expect(addMonths(new Date("2027-03-15T00:00:00Z"), 12).toISOString()).toBe("2028-03-15T00:00:00.000Z");
  });
});

describe("the daily run", () => {
  it("awards the birthday bonus once per year, and re-enqueues itself for the next 00:00 UTC", async () => {
    await settings({ birthdayBonus: 25 });
    const c = await ensureContact(db.current.db, { email: "bday@example.com", locale: "en", source: "footer" });
    await db.current.db.update(contactsTable).set({ birthday: "1990-12-24" }).where(eq(contactsTable.id, c.id));
    await runAllDueJobs({ at: new Date("2026-12-24T00:00:00Z") });
    // The seed queued the first run; each run queues the next day's.
    await runAllDueJobs({ at: new Date("2026-12-24T00:00:00Z") });
    expect((await entries(c.id)).map((e) => [e.type, e.points, e.source])).toEqual([["earn", 25, "birthday"]]);
    const next = await db.current.db.select().from(jobsTable).where(eq(jobsTable.dedupeKey, "loyalty.daily:2026-12-25"));
    expect(next.map((j) => j.runAt.toISOString())).toEqual(["2026-12-25T00:00:00.000Z"]);
    // Same day again (a retried job): nothing more. Next year: again.
    await runAt(new Date("2026-12-24T12:00:00Z"), async () => (await import("./daily.server")).runLoyaltyDaily(async () => {}));
    await runAt(new Date("2027-12-24T01:00:00Z"), async () => (await import("./daily.server")).runLoyaltyDaily(async () => {}));
    expect((await entries(c.id)).map((e) => e.dedupeKey)).toEqual([`birthday:${c.id}:2026`, `birthday:${c.id}:2027`]);
    await settings({ birthdayBonus: 0 });
  });

  it("sign-up bonus: once per contact whoever calls it", async () => {
    await settings({ signupBonus: 100 });
    const c = await ensureContact(db.current.db, { email: "new@example.com", locale: "en", source: "account" });
    await db.current.db.transaction((tx) => awardSignupBonus(tx, c.id));
    await db.current.db.transaction((tx) => awardSignupBonus(tx, c.id));
    expect(await pointsBalance(c.id)).toEqual({ available: 100, pending: 0 });
    await settings({ signupBonus: 0 });
  });

  it("expiry is never retroactive: a year-old balance gets the full period from when expiry was switched on; a warning 14 days before; pending points never expire", async () => {
    const old = await ensureContact(db.current.db, { email: "old@example.com", locale: "de", market: "de-de", source: "order" });
    const longAgo = new Date("2025-01-10T09:00:00Z");
    await runAt(longAgo, () => db.current.db.transaction((tx) => postPoints(tx, { contactId: old.id, type: "adjust", points: 300, source: "admin" })));
    await db.current.db.update(pointsLedgerTable).set({ createdAt: longAgo }).where(eq(pointsLedgerTable.contactId, old.id));
    await db.current.db.transaction((tx) => postPoints(tx, { contactId: old.id, type: "earn", points: 40, pending: true, availableAt: null, source: "order" }));
    await db.current.db.update(pointsLedgerTable).set({ createdAt: longAgo }).where(eq(pointsLedgerTable.contactId, old.id));

    const switchedOn = new Date("2027-01-01T00:00:00Z");
    await settings({ expiryMonths: 6 }, switchedOn);
    const run = (at: string) => runAt(new Date(at), async () => (await import("./daily.server")).runLoyaltyDaily(async (_db, c) => void warnings.push({ ...c, at })));
    const warnings: { contactId: string; expiresAt: Date; at: string }[] = [];
    // Inactive since 2025, but only the months since 2027-01-01 count: expiry at 2027-07-01.
    await run("2027-01-02T00:00:00Z");
    expect(await pointsBalance(old.id)).toEqual({ available: 300, pending: 40 });
    await run("2027-06-16T00:00:00Z");
    expect(warnings.filter((w) => w.contactId === old.id)).toEqual([]);
    await run("2027-06-17T00:00:00Z");
    expect(warnings.filter((w) => w.contactId === old.id).map((w) => w.expiresAt.toISOString())).toEqual(["2027-07-01T00:00:00.000Z"]);
    await run("2027-06-30T23:00:00Z");
    expect(await pointsBalance(old.id)).toEqual({ available: 300, pending: 40 });
    await run("2027-07-01T00:00:00Z");
    expect(await pointsBalance(old.id)).toEqual({ available: 0, pending: 40 });
    expect((await entries(old.id)).filter((e) => e.type === "expire").map((e) => e.points)).toEqual([-300]);
    await run("2027-07-02T00:00:00Z");
    expect((await entries(old.id)).filter((e) => e.type === "expire")).toHaveLength(1);
    await settings({ expiryMonths: null });
  });

  it("activity resets the clock; the warning goes out as an email in the contact's language, once", async () => {
    const switchedOn = new Date("2028-01-01T00:00:00Z");
    await settings({ expiryMonths: 3 }, switchedOn);
    const c = await ensureContact(db.current.db, { email: "active@example.com", locale: "ja", market: "ja-jp", source: "order" });
    await runAt(new Date("2028-02-01T00:00:00Z"), () => db.current.db.transaction((tx) => postPoints(tx, { contactId: c.id, type: "adjust", points: 80, source: "admin" })));
    await db.current.db.update(pointsLedgerTable).set({ createdAt: new Date("2028-02-01T00:00:00Z") }).where(eq(pointsLedgerTable.contactId, c.id));
    // 2028-02-01 + 3 months = 2028-05-01: not expired on 2028-04-01 (it would have been counting from the switch-on).
    await runAllDueJobs({ at: new Date("2028-04-01T00:00:00Z") });
    expect((await pointsBalance(c.id)).available).toBe(80);
    await runAllDueJobs({ at: new Date("2028-04-20T00:00:00Z") });
    await runAllDueJobs({ at: new Date("2028-04-21T00:00:00Z") });
    await runAllDueJobs({ at: new Date("2028-04-21T00:01:00Z"), kinds: ["mail.send"] } as never);
    const mails = await db.current.db.select().from(outboxEmailsTable).where(eq(outboxEmailsTable.template, "points-expiry-warning"));
    const mine = mails.filter((m) => m.to === "active@example.com");
    expect(mine).toHaveLength(1);
    expect(mine[0]!.locale).toBe("ja");
    expect(mine[0]!.text).toContain("80");
    expect(mine[0]!.text).toContain("/ja-jp/account/rewards");
    await settings({ expiryMonths: null }, addDays(switchedOn, 200));
  });
});
