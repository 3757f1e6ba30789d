import express from "express";
import { mkdtempSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { plainErrorHandler, securityHeadersMiddleware, type SecurityHeaderOptions } from "./security-headers.server";

function directives(csp: string | null): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of (csp ?? "").split(";")) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) map.set(name, values);
  }
  return map;
}

/** The same middleware order as server.ts: headers, static assets, the app, the error handler. */
async function serve(o: SecurityHeaderOptions) {
  const assets = mkdtempSync(join(tmpdir(), "harbor-assets-"));
  writeFileSync(join(assets, "entry.js"), "export {};");
  const app = express();
  app.use(securityHeadersMiddleware(o));
  app.use("/assets", express.static(assets));
  app.get("/page", (_req, res) => res.type("html").send(`<script nonce="${res.locals.cspNonce as string}"></script>`));
  app.get("/api/v1/markets", (_req, res) => res.json({ ok: true }));
  app.get("/boom", () => {
    throw new Error("boom");
  });
  app.use(plainErrorHandler);
  const server = app.listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, close: () => new Promise((r) => server.close(r)) };
}

describe("security headers on every response", () => {
  let plain: Awaited<ReturnType<typeof serve>>;
  let stripeProd: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    plain = await serve({ stripe: false, production: false });
    stripeProd = await serve({ stripe: true, production: true });
  });
  afterAll(async () => {
    await plain.close();
    await stripeProd.close();
  });

  it("sets nosniff, the referrer policy, frame denial and a CSP on pages, API, assets and errors", async () => {
    for (const path of ["/page", "/api/v1/markets", "/assets/entry.js", "/boom"]) {
      const r = await fetch(plain.base + path);
      // Values from MDN: X-Content-Type-Options, Referrer-Policy, X-Frame-Options, CSP frame-ancestors.
      expect(r.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(r.headers.get("referrer-policy"), path).toBe("strict-origin-when-cross-origin");
      expect(r.headers.get("x-frame-options"), path).toBe("DENY");
      const csp = directives(r.headers.get("content-security-policy"));
      expect(csp.get("frame-ancestors"), path).toEqual(["'none'"]);
      expect(csp.get("object-src"), path).toEqual(["'none'"]);
      expect(csp.get("script-src"), path).not.toContain("'unsafe-inline'");
      expect(r.headers.get("strict-transport-security"), path).toBeNull();
    }
    expect((await fetch(plain.base + "/boom")).status).toBe(500);
  });

  it("gives every response its own nonce, the one the page's inline scripts carry", async () => {
    const nonces = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const r = await fetch(plain.base + "/page");
      const nonce = directives(r.headers.get("content-security-policy"))
        .get("script-src")
        ?.find((v) => v.startsWith("'nonce-"))
        ?.slice(7, -1);
      expect(nonce).toBeDefined();
      // At least 128 bits (CSP3 §7.1): 16 bytes are 24 base64 characters.
      expect(Buffer.from(nonce!, "base64").length).toBeGreaterThanOrEqual(16);
      expect(await r.text()).toBe(`<script nonce="${nonce}"></script>`);
      nonces.add(nonce!);
    }
    expect(nonces.size).toBe(3);
  });

  it("allows Stripe's origins only when Stripe is configured", async () => {
    const without = directives((await fetch(plain.base + "/page")).headers.get("content-security-policy"));
    expect([...without.values()].flat().some((v) => v.includes("stripe"))).toBe(false);
    expect(without.get("frame-src")).toEqual(["'none'"]);
    // https://docs.stripe.com/security/guide#content-security-policy
    const withStripe = directives((await fetch(stripeProd.base + "/page")).headers.get("content-security-policy"));
    expect(withStripe.get("script-src")).toEqual(expect.arrayContaining(["https://js.stripe.com", "https://*.js.stripe.com"]));
    expect(withStripe.get("frame-src")).toEqual(expect.arrayContaining(["https://js.stripe.com", "https://*.js.stripe.com", "https://hooks.stripe.com"]));
    expect(withStripe.get("connect-src")).toEqual(expect.arrayContaining(["https://api.stripe.com"]));
  });

  it("sends HSTS in production only", async () => {
    const r = await fetch(stripeProd.base + "/api/v1/markets");
    const hsts = r.headers.get("strict-transport-security") ?? "";
    // hstspreload.org: max-age of at least one year (31536000) and includeSubDomains.
    expect(Number(/max-age=(\d+)/.exec(hsts)?.[1])).toBeGreaterThanOrEqual(31_536_000);
    expect(hsts).toContain("includeSubDomains");
  });
});
