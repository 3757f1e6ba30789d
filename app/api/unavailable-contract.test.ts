/**
 * Every operation of both APIs may answer 503 `service_unavailable` with Retry-After (RFC 9110
 * §15.6.4, §10.2.3): the request layer answers so for any request that met the database away, a full
 * pool or a statement timeout. The documents must say so, and the answer must match what they say.
 */
import { afterEach, describe, expect, it } from "vitest";
import { resetEnvForTests } from "~/lib/env.server";
import { noteDbError, PoolBusyError } from "~db/availability";
import { answerWithAvailability } from "~/modules/health/availability.server";
import { adminOpenApiDocument } from "./admin/registry.server";
import { openApiDocument } from "./registry.server";

type Operation = { responses: Record<string, { headers: Record<string, unknown>; "x-error-codes"?: string[] }> };

function operations(doc: { paths: Record<string, Record<string, unknown>> }): [string, Operation][] {
  return Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => [`${method.toUpperCase()} ${path}`, op as Operation] as [string, Operation]));
}

describe.each([
  ["Storefront API", () => openApiDocument("https://shop.test"), true],
  ["Admin API", () => adminOpenApiDocument("https://shop.test"), false],
])("%s document", (_name, doc, cors) => {
  it("declares 503 service_unavailable with Retry-After on every operation", () => {
    const ops = operations(doc());
    expect(ops.length).toBeGreaterThan(5);
    for (const [label, op] of ops) {
      const r = op.responses["503"];
      expect(r, label).toBeDefined();
      expect(r!["x-error-codes"], label).toEqual(["service_unavailable"]);
      expect(Object.keys(r!.headers), label).toContain("Retry-After");
      // CORS headers only where the API serves other origins (and the 503 really carries them).
      expect(Object.keys(r!.headers).includes("Access-Control-Allow-Origin"), label).toBe(cors);
    }
  });
});

describe("the 503 answer matches the documents", () => {
  afterEach(() => {
    delete process.env.STOREFRONT_API_ORIGINS;
    resetEnvForTests();
  });

  // What a request sees when the pool gate refuses its query: the pool notes the failure, the route fails.
  const busyDatabase = async (): Promise<Response> => {
    noteDbError(new PoolBusyError("no connection within DB_QUEUE_TIMEOUT_MS"));
    return new Response("boom", { status: 500 });
  };

  it("a Storefront API 503 carries Retry-After and the CORS headers an allowed origin needs to read it", async () => {
    process.env.STOREFRONT_API_ORIGINS = "https://app.example.com";
    resetEnvForTests();
    const r = await answerWithAvailability(new Request("https://shop.test/api/v1/products?market=de-de", { headers: { Origin: "https://app.example.com" } }), busyDatabase);
    expect(r.status).toBe(503);
    expect(Number(r.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(r.headers.get("Access-Control-Allow-Origin")).toBe("https://app.example.com");
    expect(r.headers.get("Vary")).toContain("Origin");
    expect(await r.json()).toMatchObject({ error: { code: "service_unavailable" } });
  });

  it("an Admin API 503 carries Retry-After and no CORS headers", async () => {
    process.env.STOREFRONT_API_ORIGINS = "*";
    resetEnvForTests();
    const r = await answerWithAvailability(new Request("https://shop.test/api/admin/v1/orders", { headers: { Origin: "https://app.example.com" } }), busyDatabase);
    expect(r.status).toBe(503);
    expect(Number(r.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(r.headers.get("Access-Control-Allow-Origin")).toBeNull();
  });
});
