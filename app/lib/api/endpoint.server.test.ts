/**
 * The endpoint layer on its own (no database): what each declared schema does to a request, and
 * the one error body for every failure. Statuses follow RFC 9110 §15 (405 with Allow §15.5.6,
 * Retry-After §10.2.3) and RFC 6585 §4 (429).
 */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { UserError } from "../errors";
import { apiNotFoundHandlers, apiRouteHandlers, defineEndpoint } from "./endpoint.server";
import { ApiErrorSchema, named } from "./schema";

const Echo = named("TestEcho", "Test response.", z.object({ id: z.string(), n: z.number(), note: z.string().optional() }));
const EchoInput = named("TestEchoInput", "Test body.", z.object({ note: z.string().trim().min(1), size: z.number().int().max(9) }), { io: "input" });

const getThing = defineEndpoint({
  operationId: "getThing",
  method: "GET",
  path: "/things/{id}",
  summary: "Get",
  description: "Get a thing.",
  tag: "Test",
  security: "cartToken",
  params: z.object({ id: z.string().regex(/^t_\d+$/) }),
  query: z.object({ n: z.coerce.number().int().min(1), m: z.enum(["a", "b"]).optional() }),
  response: { status: 200, description: "The thing.", schema: Echo },
  errors: {},
  handler: async ({ params, query, token }) => {
    if (token === "slow-down") throw new UserError("rate_limited", "Too many requests.", 429, undefined, undefined, 2.5);
    if (token === "nope") throw new UserError("unauthorized", "Who are you?", 401);
    if (token === "boom") throw new Error("bug");
    return { id: params.id, n: query.n };
  },
});

const putThing = defineEndpoint({
  operationId: "putThing",
  method: "PUT",
  path: "/things/{id}",
  summary: "Put",
  description: "Put a thing.",
  tag: "Test",
  security: "public",
  params: z.object({ id: z.string() }),
  body: EchoInput,
  response: { status: 201, description: "Stored.", schema: Echo },
  errors: {},
  handler: async ({ params, body }) => ({ id: params.id, n: body.size, note: body.note }),
});

const { loader, action } = apiRouteHandlers([getThing, putThing]);

async function send(method: string, url: string, init: { params?: Record<string, string>; headers?: Record<string, string>; body?: string } = {}) {
  const handler = method === "GET" || method === "HEAD" || method === "OPTIONS" ? loader : action;
  const request = new Request(`http://localhost/api/v1${url}`, { method, headers: init.headers, body: init.body });
  const res = await handler({ request, params: init.params ?? { id: "t_1" }, context: {} });
  const text = await res.text();
  return { res, body: text ? JSON.parse(text) : null };
}

const isErrorBody = (body: unknown) => ApiErrorSchema.safeParse(body).success;

describe("defineEndpoint / apiRouteHandlers", () => {
  it("hands the handler input parsed with exactly the declared schemas", async () => {
    const ok = await send("GET", "/things/t_1?n=3&extra=ignored");
    expect(ok.res.status).toBe(200);
    expect(ok.body).toEqual({ id: "t_1", n: 3 });
    expect(ok.res.headers.get("Cache-Control")).toBe("no-store");
    const put = await send("PUT", "/things/t_1", { body: JSON.stringify({ note: "  hi  ", size: 2 }) });
    expect(put.res.status).toBe(201);
    expect(put.body).toEqual({ id: "t_1", n: 2, note: "hi" });
  });

  it("400 names every bad query parameter, in declaration order", async () => {
    const { res, body } = await send("GET", "/things/t_1?m=c&n=0");
    expect(res.status).toBe(400);
    expect(isErrorBody(body)).toBe(true);
    expect(body.error).toMatchObject({ code: "invalid_parameter", field: "n" });
    expect(body.error.details.issues.map((i: { field: string }) => i.field)).toEqual(["n", "m"]);
    expect(body.error.message).toMatch(/^n: .*; m: /);
  });

  it("400 for a body that is not JSON, or names the bad field", async () => {
    const notJson = await send("PUT", "/things/t_1", { body: "{note:" });
    expect(notJson.res.status).toBe(400);
    expect(notJson.body.error.code).toBe("invalid_body");
    const bad = await send("PUT", "/things/t_1", { body: JSON.stringify({ note: "x", size: 10 }) });
    expect(bad.res.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: "invalid_parameter", field: "size" });
    expect(bad.body.error.message).toMatch(/^size: /);
  });

  it("404 when a path parameter fails its schema: the path names nothing", async () => {
    const { res, body } = await send("GET", "/things/x?n=1", { params: { id: "x" } });
    expect(res.status).toBe(404);
    expect(body.error).toMatchObject({ code: "not_found", field: "id" });
  });

  it("maps UserError statuses: 401, and 429 with Retry-After in whole seconds", async () => {
    const unauthorized = await send("GET", "/things/t_1?n=1", { headers: { "X-Cart-Token": "nope" } });
    expect(unauthorized.res.status).toBe(401);
    expect(unauthorized.body.error.code).toBe("unauthorized");
    const limited = await send("GET", "/things/t_1?n=1", { headers: { "X-Cart-Token": "slow-down" } });
    expect(limited.res.status).toBe(429);
    expect(limited.res.headers.get("Retry-After")).toBe("3");
    expect(isErrorBody(limited.body)).toBe(true);
  });

  it("500 internal_error for a bug, without its details", async () => {
    const original = console.error;
    console.error = () => {};
    try {
      const { res, body } = await send("GET", "/things/t_1?n=1", { headers: { "X-Cart-Token": "boom" } });
      expect(res.status).toBe(500);
      expect(body.error.code).toBe("internal_error");
      expect(JSON.stringify(body)).not.toContain("bug");
    } finally {
      console.error = original;
    }
  });

  it("405 with Allow for an undeclared method; OPTIONS is the preflight; HEAD runs GET", async () => {
    const del = await send("DELETE", "/things/t_1");
    expect(del.res.status).toBe(405);
    expect(del.res.headers.get("Allow")).toBe("GET, PUT, HEAD, OPTIONS");
    expect(del.body.error.code).toBe("method_not_allowed");
    const options = await send("OPTIONS", "/things/t_1");
    expect(options.res.status).toBe(204);
    expect(options.res.headers.get("Allow")).toBe("GET, PUT, HEAD, OPTIONS");
    const head = await send("HEAD", "/things/t_1?n=2");
    expect(head.res.status).toBe(200);
  });

  it("unknown API paths answer 404 for every method", async () => {
    const fallback = apiNotFoundHandlers();
    for (const method of ["GET", "POST", "DELETE"]) {
      const request = new Request("http://localhost/api/v9/nothing", { method });
      const res = await (method === "GET" ? fallback.loader : fallback.action)({ request, params: {}, context: {} });
      expect(res.status).toBe(404);
      const body = await res.json();
      expect(isErrorBody(body)).toBe(true);
      expect(body.error.message).toContain("/api/v9/nothing");
    }
  });
});
