/**
 * The Admin API's referral operations (issue #10, referrals): read/write:campaigns per role
 * (permissions.ts: owner and marketer), input validation, the review queue's approve and reject, audited.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { referralsTable } from "~db/schema";
import { useTestDatabase } from "~db/testing";
import { handleAdminApi } from "~/api/admin/registry.server";
import { newId } from "~/lib/ids";
import { ensureContact } from "~/modules/contacts/contacts.server";
import { listAuditLog } from "~/modules/staff/audit.server";
import { adminToken, TEST_ORIGIN } from "./staff-helpers";

const db = useTestDatabase();

const tokens: Record<string, string> = {};
beforeAll(async () => {
  for (const role of ["owner", "marketer", "support", "catalog"] as const) tokens[role] = (await adminToken(role)).token;
}, 60_000);

async function call(role: string, method: string, path: string, body?: unknown) {
  const rest = path.slice(1);
  const request = new Request(`${TEST_ORIGIN}/api/admin/v1/${rest}`, {
    method,
    headers: { Authorization: `Bearer ${tokens[role]}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const r = await handleAdminApi({ request, params: { "*": rest.split("?")[0] }, context: {} });
  return { status: r.status, json: (await r.json()) as any };
}

const valid = {
  name: "Spring friends",
  startsAt: "2026-01-01T00:00:00Z",
  friendOfferKind: "fixed",
  friendAmounts: { EUR: "1000", USD: "1000" },
  friendCodeMode: "shared",
  sharedCode: "SPRINGFRIEND",
  rewardKind: "discount",
  rewardAmounts: { EUR: "1500" },
  perReferrerCap: 5,
  minOrderBase: "3000",
};

async function heldReward() {
  const referrer = await ensureContact(db.current.db, { email: `api-ref-${newId("x")}@example.com`, locale: "en", source: "account" });
  const friend = await ensureContact(db.current.db, { email: `api-friend-${newId("x")}@example.com`, locale: "en", source: "order" });
  // The campaign made above: its reward is a code (the seeded demo campaign's is points).
  const campaign = (await call("owner", "GET", "/referral-campaigns")).json.nodes.find((c: { name: string }) => c.name === "Spring friends");
  const [row] = await db.current.db
    .insert(referralsTable)
    .values({
      id: newId("rfl"),
      campaignId: campaign.id,
      referrerContactId: referrer.id,
      friendContactId: friend.id,
      orderId: newId("ord"),
      clickId: newId("rclk"),
      ip: "203.0.113.1",
      deviceId: "dev_x",
      status: "held",
      reasons: ["same_device"],
      revenueBase: 5000n,
      grantAt: new Date(Date.now() - 86_400_000),
    })
    .returning();
  return row!;
}

describe("referral campaigns", () => {
  it("lets owner and marketer (read/write:campaigns) in and refuses support and catalog with 403 before validating", async () => {
    for (const role of ["support", "catalog"]) {
      expect((await call(role, "GET", "/referral-campaigns")).status).toBe(403);
      expect((await call(role, "POST", "/referral-campaigns", {})).status).toBe(403);
      expect((await call(role, "GET", "/referral-rewards?status=held")).status).toBe(403);
      expect((await call(role, "POST", "/referral-rewards/rfl_x/approve")).status).toBe(403);
    }
    const created = await call("marketer", "POST", "/referral-campaigns", valid);
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ name: "Spring friends", sharedCode: "SPRINGFRIEND", minOrderBase: "3000", returnWindowDays: 14, ipDailyLimit: 3 });
    expect((await call("owner", "GET", "/referral-campaigns")).json.nodes.map((c: { id: string }) => c.id)).toContain(created.json.id);
    const audit = await listAuditLog({ action: "create:campaigns" }, { limit: 50, offset: 0 });
    expect(JSON.stringify(audit)).toContain(created.json.id);
  });

  it("answers 400 naming the field for an incomplete offer, and 409 for a shared code that exists", async () => {
    const noPercent = await call("owner", "POST", "/referral-campaigns", { ...valid, friendOfferKind: "percentage", sharedCode: "OTHERCODE" });
    expect(noPercent.status).toBe(400);
    expect(noPercent.json.error.field).toBe("friendPercentBp");
    const badDates = await call("owner", "POST", "/referral-campaigns", { ...valid, sharedCode: "DATES1", endsAt: "2025-01-01T00:00:00Z" });
    expect(badDates.json.error.field).toBe("endsAt");
    const noPoints = await call("owner", "POST", "/referral-campaigns", { ...valid, sharedCode: "PTS1", rewardKind: "points" });
    expect(noPoints.json.error.field).toBe("rewardPoints");
    expect((await call("owner", "POST", "/referral-campaigns", { ...valid, minOrderBase: "12.50" })).status).toBe(400);
    const taken = await call("owner", "POST", "/referral-campaigns", valid);
    expect(taken).toMatchObject({ status: 409, json: { error: { code: "code_taken", field: "sharedCode" } } });
  });

  it("gives stats for a campaign and 404 for an unknown one", async () => {
    const [campaign] = (await call("owner", "GET", "/referral-campaigns")).json.nodes;
    const stats = await call("marketer", "GET", `/referral-campaigns/${campaign.id}/stats`);
    expect(stats.status).toBe(200);
    expect(stats.json).toMatchObject({ clicks: 0, firstOrders: 0, revenue: { amount: "0.00", currencyCode: "USD" } });
    expect((await call("owner", "GET", "/referral-campaigns/rcmp_nope/stats")).status).toBe(404);
  });
});

describe("the review queue", () => {
  it("lists held rewards, approves one (granted: its window has passed) and refuses a second decision", async () => {
    const held = await heldReward();
    const queue = await call("marketer", "GET", "/referral-rewards?status=held");
    expect(queue.json.nodes.map((r: { id: string }) => r.id)).toContain(held.id);
    expect((await call("owner", "GET", "/referral-rewards?status=nope")).status).toBe(400);
    const approved = await call("marketer", "POST", `/referral-rewards/${held.id}/approve`);
    expect(approved.status).toBe(200);
    expect(approved.json).toMatchObject({ status: "granted", rewardCode: expect.stringMatching(/^THANKS/) });
    expect((await call("owner", "POST", `/referral-rewards/${held.id}/reject`, { reason: "late" })).json.error.code).toBe("reward_not_held");
    expect((await call("owner", "POST", "/referral-rewards/rfl_nope/approve")).status).toBe(404);
  });

  it("rejects with a reason (required), audited with before and after", async () => {
    const held = await heldReward();
    const empty = await call("owner", "POST", `/referral-rewards/${held.id}/reject`, { reason: "  " });
    expect(empty.status).toBe(400);
    expect(empty.json.error.field).toBe("reason");
    const rejected = await call("owner", "POST", `/referral-rewards/${held.id}/reject`, { reason: "Same household" });
    expect(rejected.json).toMatchObject({ status: "rejected", decisionReason: "Same household" });
    const audit = JSON.stringify(await listAuditLog({ action: "reject:campaigns" }, { limit: 50, offset: 0 }));
    expect(audit).toContain(held.id);
    expect(audit).toContain("Same household");
  });
});
