/**
 * The role matrix (issue #9): every admin page (ADMIN_PAGES) and every Admin API operation
 * (ADMIN_ENDPOINTS) for every role, allowed or denied exactly as the permission table says. Both
 * lists are walked, so pages and operations added later are covered without touching this file.
 */
import { readdirSync } from "node:fs";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "~db/testing";
import { ADMIN_ENDPOINTS, handleAdminApi } from "~/api/admin/registry.server";
import { ADMIN_PAGES } from "~/modules/staff/admin-pages";
import { can, ROLES, type Role } from "~/modules/staff/permissions";
import { adminForm, adminSession, adminToken, TEST_ORIGIN } from "./staff-helpers";

useTestDatabase();

type Handler = (args: LoaderFunctionArgs | ActionFunctionArgs) => Promise<unknown>;
const routeModules = import.meta.glob<{ loader?: Handler; action?: Handler }>("../app/routes/admin*.{ts,tsx}");

async function routeModule(file: string) {
  const load = routeModules[`../app/${file}`];
  if (!load) throw new Error(`ADMIN_PAGES names ${file}, which does not exist`);
  return load();
}

/** Runs a loader/action like Remix: a thrown Response is the answer. */
async function status(handler: Handler, request: Request, params: Record<string, string>): Promise<{ status: number; location: string | null }> {
  try {
    const result = await handler({ request, params, context: {} });
    if (result instanceof Response) return { status: result.status, location: result.headers.get("location") };
    const init = (result as { init?: { status?: number } } | null)?.init;
    return { status: init?.status ?? 200, location: null };
  } catch (e) {
    if (e instanceof Response) return { status: e.status, location: e.headers.get("location") };
    throw e;
  }
}

const fill = (path: string) => path.replace(/:(\w+)/g, "missing-$1").replace(/\{(\w+)\}/g, "missing-$1");

const sessions = {} as Record<Role, { cookie: string; csrf: string }>;
const tokens = {} as Record<Role, string>;

beforeAll(async () => {
  for (const role of ROLES) {
    sessions[role] = await adminSession(role);
    tokens[role] = (await adminToken(role)).token;
  }
}, 60_000);

describe("admin pages", () => {
  it("lists every admin route file (so none escapes the matrix)", () => {
    const files = readdirSync(new URL("../app/routes", import.meta.url)).filter((f) => f.startsWith("admin."));
    // The layout, sign-in/out, accepting an invitation (before one has an account) and the catch-all 404 are not sections.
    const infrastructure = ["admin.tsx", "admin.sign-in.tsx", "admin.sign-out.ts", "admin.accept-invite.tsx", "admin.$.tsx"];
    const listed = ADMIN_PAGES.map((p) => p.file.replace("routes/", ""));
    expect(files.filter((f) => !infrastructure.includes(f)).sort()).toEqual([...listed].sort());
  });

  for (const page of ADMIN_PAGES) {
    it(`${page.path}: signed out → sign-in page`, async () => {
      const { loader } = await routeModule(page.file);
      const r = await status(loader!, new Request(`${TEST_ORIGIN}${fill(page.path)}`), {});
      expect(r.status).toBe(302);
      expect(r.location).toMatch(/^\/admin\/sign-in\?redirectTo=/);
    });
    for (const role of ROLES) {
      const allowed = page.permission === null || can(role, page.permission);
      it(`${page.path} as ${role}: ${allowed ? "allowed" : "403"} (${page.permission ?? "any staff"})`, async () => {
        const { loader } = await routeModule(page.file);
        const params = Object.fromEntries([...page.path.matchAll(/:(\w+)/g)].map((m) => [m[1]!, `missing-${m[1]}`]));
        const r = await status(loader!, new Request(`${TEST_ORIGIN}${fill(page.path)}`, { headers: { Cookie: sessions[role].cookie } }), params);
        if (allowed) expect([200, 404]).toContain(r.status);
        else expect(r.status).toBe(403);
      });
      if (page.actionPermission) {
        const actionAllowed = can(role, page.actionPermission);
        it(`${page.path} action as ${role}: ${actionAllowed ? "allowed (then validated)" : "403 before validation"}`, async () => {
          const { action } = await routeModule(page.file);
          // An empty form: a permitted role gets the validation answer (400), a refused one 403.
          const r = await status(action!, adminForm(page.path, sessions[role], {}), {});
          expect(r.status).toBe(actionAllowed ? 400 : 403);
        });
      }
    }
  }
});

describe("Admin API operations", () => {
  const guarded = ADMIN_ENDPOINTS.filter((e) => e.permission);

  it("declares a permission on every operation but the public document", () => {
    expect(ADMIN_ENDPOINTS.filter((e) => !e.permission).map((e) => e.path)).toEqual(["/openapi.json"]);
  });

  const call = (method: string, path: string, headers: Record<string, string>, body?: string) => {
    const rest = fill(path).slice(1);
    const request = new Request(`${TEST_ORIGIN}/api/admin/v1/${rest}`, { method, headers, body: method === "GET" ? undefined : body });
    return handleAdminApi({ request, params: { "*": rest }, context: {} });
  };

  for (const endpoint of guarded) {
    it(`${endpoint.method} ${endpoint.path}: no token → 401, a session cookie does not count`, async () => {
      const session = sessions.owner;
      const r = await call(endpoint.method, endpoint.path, { Cookie: session.cookie, "Content-Type": "application/json" }, "{}");
      expect(r.status).toBe(401);
      expect(((await r.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
    });
    for (const role of ROLES) {
      const allowed = can(role, endpoint.permission as Parameters<typeof can>[1]);
      it(`${endpoint.method} ${endpoint.path} as ${role}: ${allowed ? "allowed" : "403"} (${endpoint.permission})`, async () => {
        // An empty body and unknown ids: the role check comes first, so a refused role gets 403
        // (not the 400 or 404 a permitted one gets).
        const r = await call(endpoint.method, endpoint.path, { Authorization: `Bearer ${tokens[role]}`, "Content-Type": "application/json" }, "{}");
        // A download (text/csv) has no JSON body; refusals are always JSON.
        const body = (r.headers.get("content-type")?.startsWith("application/json") ? await r.json() : {}) as { error?: { code: string } };
        if (allowed) {
          expect(r.status, JSON.stringify(body)).not.toBe(401);
          expect(r.status, JSON.stringify(body)).not.toBe(403);
          expect(r.status).toBeLessThan(500);
        } else {
          expect(r.status).toBe(403);
          expect(body.error?.code).toBe("forbidden");
        }
      });
    }
  }
});
