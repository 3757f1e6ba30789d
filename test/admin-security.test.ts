/**
 * Security of the admin surfaces (issue #9): CSRF (SameSite=Lax cookie + Origin check + per-session
 * form token, OWASP CSRF Prevention Cheat Sheet), staff sign-in limits (the 11th failed sign-in for
 * one account within 15 minutes is a 429 with Retry-After, RFC 6585 §4), session rotation, the
 * `__Host-` cookie in production (RFC 6265bis §4.1.3.2), hashed tokens, and the Admin API's
 * bearer-only, CORS-free answers; every write lands in the audit log in its own transaction.
 */
import { createHash } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rowsOf } from "~db/rows";
import { apiTokensTable, auditLogTable, staffSessionsTable, staffTable } from "~db/schema/staff";
import { useTestDatabase } from "~db/testing";
import { handleAdminApi } from "~/api/admin/registry.server";
import { resetEnvForTests } from "~/lib/env.server";
import { CLIENT_IP_HEADER } from "~/lib/http.server";
import { adminCookieName, signIn } from "~/modules/staff/auth.server";
import { changeRole } from "~/modules/staff/staff.server";
import { action as signInAction } from "~/routes/admin.sign-in";
import { action as signOutAction } from "~/routes/admin.sign-out";
import { action as staffAction } from "~/routes/admin.staff";
import { adminForm, adminSession, adminToken, createTestStaff, TEST_ORIGIN, TEST_PASSWORD } from "./staff-helpers";

const db = useTestDatabase();

async function run(handler: (args: never) => Promise<unknown>, request: Request): Promise<Response | { status: number; init?: ResponseInit }> {
  try {
    const result = await handler({ request, params: {}, context: {} } as never);
    if (result instanceof Response) return result;
    const init = (result as { init?: ResponseInit }).init;
    return { status: init?.status ?? 200, init };
  } catch (e) {
    if (e instanceof Response) return e;
    throw e;
  }
}

const invite = (email: string) => ({ intent: "invite", email, role: "support", password: "a-long-password" });

describe("CSRF on admin actions", () => {
  it("refuses a form without the token, with a wrong token, with another session's token, and from a foreign Origin", async () => {
    const owner = await adminSession("owner");
    const other = await adminSession("owner");
    const refused = [
      adminForm("/admin/staff", { cookie: owner.cookie }, invite("csrf-1@staff.example")),
      adminForm("/admin/staff", { cookie: owner.cookie, csrf: "forged" }, invite("csrf-2@staff.example")),
      adminForm("/admin/staff", { cookie: owner.cookie, csrf: other.csrf }, invite("csrf-3@staff.example")),
      adminForm("/admin/staff", owner, invite("csrf-4@staff.example"), { Origin: "https://evil.example" }),
      adminForm("/admin/staff", owner, invite("csrf-5@staff.example"), { Origin: "null" }),
    ];
    for (const request of refused) expect((await run(staffAction, request)).status).toBe(403);
    const created = await db.current.db.select().from(staffTable).where(sql`${staffTable.email} like 'csrf-%'`);
    expect(created).toEqual([]);
    // The same form with the session's token from this origin goes through.
    expect((await run(staffAction, adminForm("/admin/staff", owner, invite("csrf-ok@staff.example")))).status).toBe(200);
    expect(await db.current.db.select().from(staffTable).where(eq(staffTable.email, "csrf-ok@staff.example"))).toHaveLength(1);
  });

  it("refuses a cross-site sign-out and sign-in", async () => {
    const owner = await adminSession("owner");
    expect((await run(signOutAction, adminForm("/admin/sign-out", owner, {}, { Origin: "https://evil.example" }))).status).toBe(403);
    const signInForm = adminForm("/admin/sign-in", { cookie: "" }, { email: owner.email, password: TEST_PASSWORD }, { Origin: "https://evil.example" });
    expect((await run(signInAction, signInForm)).status).toBe(403);
    // A same-origin sign-out with the token ends the session.
    const out = (await run(signOutAction, adminForm("/admin/sign-out", owner, {}))) as Response;
    expect(out.status).toBe(302);
    expect(out.headers.get("set-cookie")).toMatch(/Max-Age=0/);
  });
});

describe("staff sign-in", () => {
  const attempt = (email: string, password: string, ip = "203.0.113.9", cookie?: string) =>
    run(
      signInAction,
      new Request(`${TEST_ORIGIN}/admin/sign-in`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: TEST_ORIGIN, [CLIENT_IP_HEADER]: ip, ...(cookie ? { Cookie: cookie } : {}) },
        body: new URLSearchParams({ email, password }),
      }),
    );

  it("answers the 11th failed sign-in for one account within 15 minutes with 429 + Retry-After, even with the right password", async () => {
    const staff = await createTestStaff("support");
    for (let i = 1; i <= 10; i++) expect((await attempt(staff.email, `wrong-${i}`, `198.51.100.${i}`)).status, `attempt ${i}`).toBe(401);
    const limited = await attempt(staff.email, TEST_PASSWORD, "198.51.100.77");
    expect(limited.status).toBe(429);
    const blocked = await signIn(new Request(TEST_ORIGIN), { email: staff.email, password: TEST_PASSWORD, ip: "198.51.100.78" }).catch((e: unknown) => e);
    expect(blocked).toMatchObject({ status: 429 });
    expect((blocked as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(0);
    expect((blocked as { retryAfterSeconds: number }).retryAfterSeconds).toBeLessThanOrEqual(900);
  }, 60_000);

  it("limits failures per IP across accounts (50 per 15 minutes)", async () => {
    for (let i = 1; i <= 50; i++) expect((await attempt(`nobody-${i}@staff.example`, "wrong-password", "192.0.2.50")).status).toBe(401);
    expect((await attempt("nobody-51@staff.example", "wrong-password", "192.0.2.50")).status).toBe(429);
  }, 120_000);

  it("sends Retry-After on the page's 429", async () => {
    const staff = await createTestStaff("support");
    for (let i = 1; i <= 10; i++) await attempt(staff.email, `wrong-${i}`, "198.51.100.200");
    const { headers } = await import("~/routes/admin.sign-in");
    const limited = (await attempt(staff.email, "wrong", "198.51.100.201")) as { status: number; init?: ResponseInit };
    expect(limited.status).toBe(429);
    const retry = new Headers(limited.init?.headers).get("Retry-After");
    expect(Number(retry)).toBeGreaterThan(0);
    const pageHeaders = new Headers(headers({ actionHeaders: new Headers({ "Retry-After": retry! }) } as never) as HeadersInit);
    expect(pageHeaders.get("Retry-After")).toBe(retry);
  }, 60_000);

  it("rotates the session on sign-in: the old cookie's session is gone", async () => {
    const first = await adminSession("catalog");
    const before = await db.current.db.select().from(staffSessionsTable).where(eq(staffSessionsTable.staffId, first.id));
    expect(before).toHaveLength(1);
    const r = (await attempt(first.email, TEST_PASSWORD, "203.0.113.80", first.cookie)) as Response;
    expect(r.status).toBe(302);
    const fresh = r.headers.get("set-cookie")!.split(";")[0]!;
    expect(fresh).not.toBe(first.cookie);
    const after = await db.current.db.select().from(staffSessionsTable).where(eq(staffSessionsTable.staffId, first.id));
    expect(after).toHaveLength(1);
    expect(after[0]!.idHash).not.toBe(before[0]!.idHash);
    // Only the sha256 of the cookie's id is stored.
    expect(after[0]!.idHash).toBe(createHash("sha256").update(fresh.split("=")[1]!).digest("hex"));
  });

  it("uses a __Host- cookie (Secure, Path=/, no Domain) in production and a plain one in tests", async () => {
    expect(adminCookieName()).toBe("harbor_admin");
    const staff = await createTestStaff("owner");
    const saved = { ...process.env };
    try {
      Object.assign(process.env, { NODE_ENV: "production", SESSION_SECRET: "x".repeat(40), PUBLIC_URL: "https://shop.example" });
      resetEnvForTests();
      const { cookie } = await signIn(new Request("https://shop.example/admin/sign-in"), { email: staff.email, password: TEST_PASSWORD, ip: "203.0.113.90" });
      expect(cookie).toMatch(/^__Host-harbor_admin=[A-Za-z0-9_-]+; /);
      expect(cookie).toMatch(/; Secure/);
      expect(cookie).toMatch(/; Path=\//);
      expect(cookie).toMatch(/; HttpOnly/);
      expect(cookie).toMatch(/; SameSite=Lax/);
      expect(cookie).not.toMatch(/Domain=/i);
    } finally {
      process.env = saved;
      resetEnvForTests();
    }
  });

  it("stores passwords as argon2id hashes", async () => {
    const staff = await createTestStaff("marketer");
    const [row] = await db.current.db.select().from(staffTable).where(eq(staffTable.id, staff.id));
    expect(row!.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(row!.passwordHash).not.toContain(TEST_PASSWORD);
  });
});

describe("Admin API tokens and answers", () => {
  it("keeps only the token's sha256: no table holds the token", async () => {
    const { token, id } = await adminToken("owner");
    const [row] = await db.current.db.select().from(apiTokensTable).where(eq(apiTokensTable.staffId, id));
    expect(row!.tokenHash).toBe(createHash("sha256").update(token).digest("hex"));
    const tables = rowsOf<{ tablename: string }>(await db.current.db.execute(sql`select tablename from pg_tables where schemaname = 'public'`)).map((t) => t.tablename);
    for (const t of tables) {
      const [hit] = rowsOf<{ n: number }>(await db.current.db.execute(sql`select count(*)::int as n from ${sql.identifier(t)} x where x::text like ${`%${token}%`}`));
      expect(hit!.n, t).toBe(0);
    }
  });

  const call = (method: string, rest: string, headers: Record<string, string>, body?: string) =>
    handleAdminApi({ request: new Request(`${TEST_ORIGIN}/api/admin/v1/${rest}`, { method, headers, body }), params: { "*": rest }, context: {} });

  it("ignores cookies, sends no CORS headers (also on preflight), refuses revoked tokens", async () => {
    const owner = await adminSession("owner");
    const cookieOnly = await call("GET", "staff", { Cookie: owner.cookie, Origin: "https://evil.example" });
    expect(cookieOnly.status).toBe(401);
    const { token, id } = await adminToken("owner");
    const ok = await call("GET", "staff", { Authorization: `Bearer ${token}`, Origin: "https://evil.example" });
    expect(ok.status).toBe(200);
    for (const r of [cookieOnly, ok, await call("OPTIONS", "staff", { Origin: "https://evil.example", "Access-Control-Request-Method": "GET" })]) {
      expect([...r.headers.keys()].filter((h) => h.startsWith("access-control-"))).toEqual([]);
    }
    const revoke = await call("POST", `staff/${id}/revoke-sessions`, { Authorization: `Bearer ${token}` });
    expect(await revoke.json()).toEqual({ sessions: 0, tokens: 1 });
    expect((await call("GET", "staff", { Authorization: `Bearer ${token}` })).status).toBe(401);
  });

  it("records a role change with before/after in the audit log; a refused change records nothing", async () => {
    const { token } = await adminToken("owner");
    const target = await createTestStaff("support");
    const r = await call("PATCH", `staff/${target.id}`, { Authorization: `Bearer ${token}`, "Content-Type": "application/json" }, JSON.stringify({ role: "catalog" }));
    expect(r.status).toBe(200);
    expect(((await r.json()) as { role: string }).role).toBe("catalog");
    const [entry] = await db.current.db.select().from(auditLogTable).where(sql`${auditLogTable.entityId} = ${target.id} and ${auditLogTable.action} = 'update:staff'`);
    expect(entry).toMatchObject({ via: "api", before: { role: "support", email: target.email }, after: { role: "catalog", email: target.email } });

    // Demoting the only owner of a store with one owner is refused and leaves no audit row.
    await db.current.db.update(staffTable).set({ disabledAt: new Date() }).where(sql`${staffTable.role} = 'owner'`);
    const sole = await createTestStaff("owner");
    const actor = { staffId: sole.id, email: sole.email, role: "owner" as const, via: "page" as const };
    await expect(changeRole(actor, sole.id, "support")).rejects.toMatchObject({ code: "last_owner", status: 409 });
    const none = await db.current.db.select().from(auditLogTable).where(eq(auditLogTable.entityId, sole.id));
    expect(none.map((e) => e.action)).toEqual(["create:staff"]);
  });
});
