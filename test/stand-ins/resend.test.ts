/**
 * The Resend stand-in must answer like Resend, or the mailer tests prove nothing. Expected values
 * come from Resend's API reference: errors https://resend.com/docs/api-reference/errors, batch
 * sending (at most 100 emails) https://resend.com/docs/api-reference/emails/send-batch-emails,
 * idempotency keys (1–256 characters) https://resend.com/docs/dashboard/emails/idempotency-keys.
 */
import { Resend } from "resend";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startResendStandin, type ResendStandin } from "./resend";

const KEY = "re_test_standin_suite";
const email = { from: "Shop <orders@example.com>", to: "a@example.com", subject: "Hi", text: "Hi" };
let standin: ResendStandin;
let resend: Resend;

beforeAll(async () => {
  standin = await startResendStandin({ apiKey: KEY });
  resend = new Resend(KEY, { baseUrl: standin.url });
});
afterAll(async () => {
  await standin?.close();
});
afterEach(() => standin.reset());

function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${standin.url}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${KEY}`, ...headers },
    body: JSON.stringify(body),
  });
}

describe("Resend stand-in", () => {
  it("authenticates like Resend: no key → 401 missing_api_key, wrong key → 403 invalid_api_key", async () => {
    const missing = await fetch(`${standin.url}/emails`, { method: "POST", body: JSON.stringify(email) });
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ statusCode: 401, name: "missing_api_key" });
    const bad = await new Resend("re_wrong", { baseUrl: standin.url }).emails.send(email);
    expect(bad.error).toMatchObject({ statusCode: 403, name: "invalid_api_key" });
  });

  it("sends and serves the message back by id", async () => {
    const sent = await resend.emails.send({ ...email, html: "<p>Hi</p>" });
    expect(sent.error).toBeNull();
    expect(sent.data?.id).toMatch(/^[0-9a-f-]{36}$/);
    const res = await fetch(`${standin.url}/emails/${sent.data!.id}`, { headers: { Authorization: `Bearer ${KEY}` } });
    expect(await res.json()).toMatchObject({ object: "email", id: sent.data!.id, to: ["a@example.com"], subject: "Hi", html: "<p>Hi</p>" });
    const unknown = await fetch(`${standin.url}/emails/nope`, { headers: { Authorization: `Bearer ${KEY}` } });
    expect(unknown.status).toBe(404);
  });

  it("honours idempotency keys: same key → same id, different body → 409, key over 256 characters → 400", async () => {
    const a = await resend.emails.send(email, { idempotencyKey: "k-1" });
    const b = await resend.emails.send(email, { idempotencyKey: "k-1" });
    expect(a.error).toBeNull();
    expect(b.data?.id).toBe(a.data?.id);
    expect(standin.emails.size).toBe(1);
    const c = await resend.emails.send({ ...email, subject: "Other" }, { idempotencyKey: "k-1" });
    expect(c.error).toMatchObject({ statusCode: 409, name: "invalid_idempotent_request" });
    const long = await post("/emails", email, { "Idempotency-Key": "k".repeat(257) });
    expect(long.status).toBe(400);
    expect(await long.json()).toMatchObject({ name: "invalid_idempotency_key" });
  });

  it("rejects invalid messages with 422 validation_error", async () => {
    const noSubject = await post("/emails", { ...email, subject: "" });
    expect(noSubject.status).toBe(422);
    expect(await noSubject.json()).toEqual({ statusCode: 422, name: "validation_error", message: "Missing `subject` field." });
    const badFrom = await resend.emails.send({ ...email, from: "not-an-address" });
    expect(badFrom.error).toMatchObject({ statusCode: 422, name: "validation_error" });
    expect(standin.emails.size).toBe(0);
  });

  it("sends batches of up to 100 and refuses 101", async () => {
    const hundred = Array.from({ length: 100 }, (_, i) => ({ ...email, to: `user${i}@example.com` }));
    const ok = await resend.batch.send(hundred);
    expect(ok.error).toBeNull();
    expect(ok.data?.data).toHaveLength(100);
    expect(standin.emails.size).toBe(100);
    const tooMany = await post("/emails/batch", [...hundred, email]);
    expect(tooMany.status).toBe(422);
    expect(await tooMany.json()).toMatchObject({ name: "validation_error" });
  });

  it("rate limits with 429 rate_limit_exceeded, retry-after and ratelimit headers, then recovers", async () => {
    standin.rateLimitNext({ retryAfterSeconds: 3 });
    const limited = await post("/emails", email);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("3");
    expect(limited.headers.get("ratelimit-remaining")).toBe("0");
    expect(await limited.json()).toMatchObject({ statusCode: 429, name: "rate_limit_exceeded" });
    expect((await post("/emails", email)).status).toBe(200);
  });

  it("fails the next sends on demand and records every request", async () => {
    standin.failNext(500, "internal_server_error", 2);
    expect((await post("/emails", email)).status).toBe(500);
    expect((await post("/emails", email)).status).toBe(500);
    expect((await post("/emails", email)).status).toBe(200);
    expect(standin.requests.map((r) => r.status)).toEqual([500, 500, 200]);
  });
});
