/**
 * Tiers through the Admin API (issue #10): GET/POST /tiers and PATCH /tiers/{id} need
 * read/write:campaigns (owner, marketer; support and catalog are refused before validation), every
 * write is audited, and bad input is a 4xx naming the field: names, thresholds ≥ 0, multiplier ≥ 1,
 * discount 0–100 % (0–10000 basis points).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "~db/testing";
import { handleAdminApi } from "~/api/admin/registry.server";
import { action as tiersPageAction } from "~/routes/admin.tiers";
import { loader as rewardsLoader } from "~/routes/market.rewards";
import { listAuditLog } from "../staff/audit.server";
import { adminForm, adminSession, adminToken, TEST_ORIGIN } from "../../../test/staff-helpers";

useTestDatabase();
const tokens = { owner: "", marketer: "", support: "", catalog: "" };

beforeAll(async () => {
  for (const role of ["owner", "marketer", "support", "catalog"] as const) tokens[role] = (await adminToken(role)).token;
}, 60_000);

async function admin(method: string, path: string, body?: unknown, token = tokens.owner) {
  const rest = path.slice(1);
  const request = new Request(`${TEST_ORIGIN}/api/admin/v1/${rest}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const r = await handleAdminApi({ request, params: { "*": rest }, context: {} });
  return { status: r.status, json: (await r.json()) as any };
}

const silver = { names: { en: "Silver", de: "Silber" }, position: 101, spendThreshold: "300.00", pointsThreshold: 500, multiplier: "1.25", discountBps: 500 };

describe("Admin API /tiers", () => {
  it("creates, lists and changes a tier (amounts in the base currency), each write audited", async () => {
    const created = await admin("POST", "/tiers", silver);
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ ...silver, multiplier: "1.25", freeShippingOver: null, earlyAccess: false, retentionMonths: 12, active: true, baseCurrency: "USD" });
    const id = created.json.id as string;
    const changed = await admin("PATCH", `/tiers/${id}`, { freeShippingOver: "49.99", earlyAccess: true }, tokens.marketer);
    expect(changed).toMatchObject({ status: 200, json: { id, freeShippingOver: "49.99", earlyAccess: true, spendThreshold: "300.00" } });
    const list = await admin("GET", "/tiers", undefined, tokens.marketer);
    expect(list.json.nodes.map((t: { id: string }) => t.id)).toContain(id);
    const { entries } = await listAuditLog({ entityId: id }, { limit: 10, offset: 0 });
    expect(entries.map((e) => e.action).sort()).toEqual(["create:tiers", "update:tiers"]);
  });

  it.each([
    [{ ...silver, position: 110, names: { en: "" } }, "names.en"],
    [{ ...silver, position: 110, names: { de: "Nur Deutsch" } }, "names.en"],
    [{ ...silver, position: 110, spendThreshold: "-1" }, "spendThreshold"],
    [{ ...silver, position: 110, spendThreshold: "1.001" }, "spendThreshold"],
    [{ ...silver, position: 110, pointsThreshold: -1 }, "pointsThreshold"],
    [{ ...silver, position: 110, multiplier: "0.99" }, "multiplier"],
    [{ ...silver, position: 110, discountBps: 10_001 }, "discountBps"],
    [{ ...silver, position: 110, discountBps: -1 }, "discountBps"],
  ])("refuses %j naming %s", async (body, field) => {
    const r = await admin("POST", "/tiers", body);
    expect(r.status).toBe(400);
    expect(r.json.error.field).toBe(field);
  });

  it("accepts the edges: 0 thresholds, multiplier 1, discount 0 and 100 %", async () => {
    const r = await admin("POST", "/tiers", { names: { en: "Edge" }, position: 120, spendThreshold: "0", pointsThreshold: 0, multiplier: "1", discountBps: 10_000 });
    expect(r.status).toBe(201);
    expect((await admin("PATCH", `/tiers/${r.json.id}`, { discountBps: 0 })).status).toBe(200);
  });

  it("answers 409 for a taken position and 404 for an unknown tier", async () => {
    expect((await admin("POST", "/tiers", silver)).json.error.code).toBe("position_taken");
    const missing = await admin("PATCH", "/tiers/tier_missing", { discountBps: 100 });
    expect(missing).toMatchObject({ status: 404, json: { error: { code: "tier_not_found" } } });
  });

  it("refuses roles without the campaigns permissions before validating", async () => {
    for (const role of ["support", "catalog"] as const) {
      expect((await admin("GET", "/tiers", undefined, tokens[role])).status).toBe(403);
      expect((await admin("POST", "/tiers", { nonsense: true }, tokens[role])).status).toBe(403);
      expect((await admin("PATCH", "/tiers/tier_x", {}, tokens[role])).status).toBe(403);
    }
  });
});

describe("/admin/tiers page and the Rewards page", () => {
  type PageResult = { init?: { status?: number } | null; data: { ok?: true; error?: { field?: string } } };
  const form = { "names.en": "Bronze", "names.ja": "ブロンズ", position: "130", spendThreshold: "100.00", pointsThreshold: "", multiplier: "1.1", discountBps: "200", freeShippingOver: "", retentionMonths: "12", active: "on" };

  it("creates a tier from the form (no JavaScript needed) and refuses a bad field by name", async () => {
    const session = await adminSession("marketer");
    const bad = (await tiersPageAction({ request: adminForm("/admin/tiers", session, { ...form, multiplier: "0.5" }), params: {}, context: {} })) as PageResult;
    expect([bad.init?.status, bad.data.error?.field]).toEqual([400, "multiplier"]);
    const ok = (await tiersPageAction({ request: adminForm("/admin/tiers", session, form), params: {}, context: {} })) as PageResult;
    expect(ok.data.ok).toBe(true);
    const bronze = (await admin("GET", "/tiers")).json.nodes.find((t: { position: number }) => t.position === 130);
    expect(bronze).toMatchObject({ names: { en: "Bronze", ja: "ブロンズ" }, spendThreshold: "100.00", pointsThreshold: null, multiplier: "1.10", discountBps: 200, earlyAccess: false, active: true });
    const support = await adminSession("support");
    await expect(tiersPageAction({ request: adminForm("/admin/tiers", support, form), params: {}, context: {} })).rejects.toMatchObject({ status: 403 });
  });

  it("shows ja-jp the active tiers with thresholds in yen at 151.50 JPY per USD", async () => {
    const res = await rewardsLoader({ request: new Request("http://localhost/ja-jp/rewards"), params: { market: "ja-jp" }, context: {} });
    const { tiers } = res as unknown as { tiers: { name: string; spendThreshold: string | null; freeShippingOver: string | null; pointsThreshold: number | null }[] };
    // Demo seed: Silver 300.00 USD → ¥45,450; Gold 1,000.00 USD → ¥151,500, free shipping from 50.00 USD → ¥7,575.
    expect(tiers.find((t) => t.name === "シルバー")).toMatchObject({ spendThreshold: "45450", pointsThreshold: 1000 });
    expect(tiers.find((t) => t.name === "ゴールド")).toMatchObject({ spendThreshold: "151500", freeShippingOver: "7575" });
    expect(tiers.find((t) => t.name === "ブロンズ")).toMatchObject({ spendThreshold: "15150" });
  });
});
