/**
 * Admin API tokens managed by owners (issue #9, Staff: "revoke sessions and tokens"): GET/POST/DELETE
 * /api-tokens and the API tokens page. The secret is shown once, only its SHA-256 is stored, the
 * audit log never holds it, and a token acts with the role of the person it was issued for.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { createHash } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { apiTokensTable, auditLogTable } from "~db/schema/staff";
import { useTestDatabase } from "~db/testing";
import { handleAdminApi } from "~/api/admin/registry.server";
import * as tokensPage from "~/routes/admin.api-tokens";
import { adminForm, adminSession, adminToken, createTestStaff, TEST_ORIGIN } from "./staff-helpers";

const db = useTestDatabase();
let owner = { token: "", email: "", id: "" };
let catalogStaff = { id: "", email: "" };

beforeAll(async () => {
  owner = await adminToken("owner");
  catalogStaff = await createTestStaff("catalog");
}, 60_000);

async function api(method: string, path: string, body?: unknown, token = owner.token) {
  const rest = path.slice(1);
  const request = new Request(`${TEST_ORIGIN}/api/admin/v1/${rest}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const r = await handleAdminApi({ request, params: { "*": rest.split("?")[0] }, context: {} });
  return { status: r.status, json: (await r.json()) as any };
}

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

describe("Admin API: /api-tokens", () => {
  it("issues a token for another staff member: 201 with the secret once, only its SHA-256 stored, acting with their role", async () => {
    const r = await api("POST", "/api-tokens", { name: "ERP sync", staffId: catalogStaff.id });
    expect(r.status).toBe(201);
    const { token, id } = r.json;
    expect(token).toMatch(/^hbr_[A-Za-z0-9_-]{32}$/);
    expect(r.json).toMatchObject({ name: "ERP sync", prefix: token.slice(0, 8), staff: { id: catalogStaff.id, email: catalogStaff.email, role: "catalog" }, expiresAt: null, revokedAt: null, lastUsedAt: null });

    const [row] = await db.current.db.select().from(apiTokensTable).where(eq(apiTokensTable.id, id));
    expect(row!.tokenHash).toBe(sha256(token));
    expect(Object.values(row!).map(String)).not.toContain(token);

    // The token is the catalog person's: products yes, staff no (permissions.ts).
    expect((await api("GET", "/products", undefined, token)).status).toBe(200);
    expect((await api("GET", "/staff", undefined, token)).status).toBe(403);

    const list = await api("GET", "/api-tokens");
    expect(list.status).toBe(200);
    const listed = list.json.nodes.find((n: { id: string }) => n.id === id);
    expect(listed).toMatchObject({ name: "ERP sync", prefix: token.slice(0, 8), staff: { email: catalogStaff.email } });
    expect(listed.lastUsedAt).not.toBeNull();
    expect(JSON.stringify(list.json)).not.toContain(token);

    // Audited without the secret or its hash.
    const entries = await db.current.db.select().from(auditLogTable).where(eq(auditLogTable.entityId, id));
    expect(entries.map((e) => [e.action, e.via, e.actorEmail])).toEqual([["create:api-token", "api", owner.email]]);
    expect(JSON.stringify(entries)).not.toContain(token);
    expect(JSON.stringify(entries)).not.toContain(sha256(token));
  });

  it("defaults to the caller, and revoking with DELETE refuses the token at once", async () => {
    const r = await api("POST", "/api-tokens", { name: "short-lived script" });
    expect(r.json.staff.email).toBe(owner.email);
    expect((await api("GET", "/staff", undefined, r.json.token)).status).toBe(200);

    const revoked = await api("DELETE", `/api-tokens/${r.json.id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.json.revokedAt).not.toBeNull();
    expect(revoked.json).not.toHaveProperty("token");
    const refused = await api("GET", "/staff", undefined, r.json.token);
    expect([refused.status, refused.json.error.code]).toEqual([401, "unauthorized"]);
    const entries = await db.current.db.select().from(auditLogTable).where(eq(auditLogTable.entityId, r.json.id));
    expect(entries.map((e) => e.action).sort()).toEqual(["create:api-token", "revoke:api-token"]);

    expect((await api("DELETE", "/api-tokens/tok_missing")).json.error.code).toBe("api_token_not_found");
  });

  it("an expiry must lie in the future, and an expired token is refused", async () => {
    const past = await api("POST", "/api-tokens", { name: "past", expiresAt: "2020-01-01T00:00:00Z" });
    expect([past.status, past.json.error.field]).toEqual([400, "expiresAt"]);
    const r = await api("POST", "/api-tokens", { name: "expiring", expiresAt: new Date(Date.now() + 86_400_000).toISOString() });
    expect(r.status).toBe(201);
    expect((await api("GET", "/staff", undefined, r.json.token)).status).toBe(200);
    await db.current.db.update(apiTokensTable).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(apiTokensTable.id, r.json.id));
    expect((await api("GET", "/staff", undefined, r.json.token)).status).toBe(401);
  });

  it("refuses bad input naming the field, an unknown person, and every role but the owner", async () => {
    const blank = await api("POST", "/api-tokens", { name: "  " });
    expect([blank.status, blank.json.error.field]).toEqual([400, "name"]);
    const nobody = await api("POST", "/api-tokens", { name: "x", staffId: "stf_missing" });
    expect([nobody.status, nobody.json.error.code]).toEqual([404, "staff_not_found"]);
    for (const role of ["marketer", "support", "catalog"] as const) {
      const { token } = await adminToken(role);
      expect((await api("POST", "/api-tokens", { name: "mine" }, token)).status).toBe(403);
      expect((await api("GET", "/api-tokens", undefined, token)).status).toBe(403);
    }
  });
});

type Handler = (args: LoaderFunctionArgs | ActionFunctionArgs) => Promise<unknown>;
async function run(handler: Handler, request: Request): Promise<{ status: number; data: any }> {
  try {
    const result = (await handler({ request, params: {}, context: {} })) as { init?: ResponseInit; data?: unknown } | Response;
    if (result instanceof Response) return { status: result.status, data: null };
    if (result && "init" in result) return { status: result.init?.status ?? 200, data: result.data };
    return { status: 200, data: result };
  } catch (e) {
    if (e instanceof Response) return { status: e.status, data: null };
    throw e;
  }
}

describe("the API tokens page", () => {
  it("creates a token and shows the secret in the action's answer only, lists it by prefix, and revokes it", async () => {
    const session = await adminSession("owner");
    const created = await run(tokensPage.action as Handler, adminForm("/admin/api-tokens", session, { intent: "create", name: "Warehouse", staffId: catalogStaff.id, lifetime: "30" }));
    expect(created.status).toBe(200);
    const secret: string = created.data.outcome.token;
    expect(secret).toMatch(/^hbr_/);
    const [row] = await db.current.db.select().from(apiTokensTable).where(eq(apiTokensTable.tokenHash, sha256(secret)));
    // 30 days from now.
    expect(Math.abs(row!.expiresAt!.getTime() - (Date.now() + 30 * 86_400_000))).toBeLessThan(60_000);

    const page = await run(tokensPage.loader as Handler, new Request(`${TEST_ORIGIN}/admin/api-tokens`, { headers: { Cookie: session.cookie } }));
    const listed = page.data.rows.find((r: { id: string }) => r.id === row!.id);
    expect(listed).toMatchObject({ name: "Warehouse", prefix: secret.slice(0, 8), email: catalogStaff.email, state: "active" });
    expect(JSON.stringify(page.data)).not.toContain(secret);

    const revoked = await run(tokensPage.action as Handler, adminForm("/admin/api-tokens", session, { intent: "revoke", id: row!.id }));
    expect(revoked.data.outcome).toEqual({ kind: "revoked", name: "Warehouse" });
    expect((await api("GET", "/products", undefined, secret)).status).toBe(401);
  });

  it("answers a form without a name or with an unknown lifetime with 400", async () => {
    const session = await adminSession("owner");
    expect((await run(tokensPage.action as Handler, adminForm("/admin/api-tokens", session, { intent: "create", name: "", staffId: catalogStaff.id, lifetime: "30" }))).status).toBe(400);
    expect((await run(tokensPage.action as Handler, adminForm("/admin/api-tokens", session, { intent: "create", name: "x", staffId: catalogStaff.id, lifetime: "9999" }))).status).toBe(400);
  });
});
