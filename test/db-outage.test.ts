/**
 * Issue #13 item 2: PostgreSQL goes away for ~20 s under a running Harbor and comes back.
 * A private PostgreSQL (initdb, free port) is stopped and started; the web process (server.ts) keeps
 * running throughout. During the outage pages answer 503 with the localized "back in a moment" page,
 * the API its JSON error body, both with Retry-After, `/healthz` 503 — each within 10 s, and the
 * process does not exit. Within 5 s of PostgreSQL returning everything answers again, the job worker
 * resumes, and no payment, order, email or reservation is lost or doubled.
 * Retry-After: RFC 9110 §10.2.3 (delay-seconds); 503: RFC 9110 §15.6.4.
 */
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, waitForOk, type AppServer } from "./support/app-server";
import { freePort, postgresBinDir, startPrivatePostgres, type PrivatePostgres } from "./support/private-postgres";

const bin = postgresBinDir();
if (!bin) {
  console.warn(
    "\n" +
      "==========================================================================================\n" +
      " SKIPPED test/db-outage.test.ts: no PostgreSQL binaries (initdb, pg_ctl) under\n" +
      " /usr/lib/postgresql/<version>/bin. Install the postgresql package to run the outage test.\n" +
      "==========================================================================================\n",
  );
}

const OUTAGE_MS = 20_000;
const HANG_LIMIT_MS = 10_000;
const RECOVERY_LIMIT_MS = 5_000;

interface Timed {
  status: number;
  ms: number;
  body: string;
  retryAfter: string | null;
  contentType: string | null;
}

async function timed(url: string, init: RequestInit = {}): Promise<Timed> {
  const t0 = Date.now();
  const r = await fetch(url, { redirect: "manual", ...init, signal: AbortSignal.timeout(30_000) });
  const body = await r.text();
  return { status: r.status, ms: Date.now() - t0, body, retryAfter: r.headers.get("retry-after"), contentType: r.headers.get("content-type") };
}

describe.skipIf(!bin)("database outage (private PostgreSQL stopped for 20 s)", () => {
  let pg: PrivatePostgres;
  let app: AppServer;
  let sql: postgres.Sql;
  const timeline: string[] = [];
  const t0 = Date.now();
  const mark = (s: string) => timeline.push(`${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s  ${s}`);

  beforeAll(async () => {
    pg = await startPrivatePostgres(bin!);
    const port = await freePort();
    app = startAppServer({
      port,
      env: { DATABASE_URL: pg.url, HARBOR_DEMO_PAYMENTS: "1", HARBOR_EXPOSE_OUTBOX: "1", JOBS_POLL_MS: "500", TRUST_PROXY: "loopback" },
    });
    await waitForOk(`${app.base}/healthz`, 180_000);
    // Vite compiles routes on first use: warm the pages the test reads.
    await waitForOk(`${app.base}/de-de`, 120_000);
    await waitForOk(`${app.base}/api/v1/products?market=de-de&first=5`, 60_000);
    sql = postgres(pg.url, { max: 1, onnotice: () => {} });
  }, 300_000);

  afterAll(async () => {
    console.log(`\n[outage timeline]\n${timeline.join("\n")}\n`);
    await sql?.end({ timeout: 1 }).catch(() => {});
    await app?.stop();
    pg?.destroy();
  }, 60_000);

  const api = (path: string, method: string, body: unknown, token?: string, ip = "10.1.0.1") =>
    fetch(`${app.base}/api/v1${path}`, {
      method,
      headers: { "Content-Type": "application/json", "X-Forwarded-For": ip, ...(token ? { "X-Cart-Token": token } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  /** A cart in de-de with one unit, email, address and shipping method; payment started (stock reserved). */
  async function cartAtPayment(variantId: string, n: number) {
    const ip = `10.1.0.${n}`;
    const cart = (await (await api("/carts", "POST", { market: "de-de" }, undefined, ip)).json()) as { id: string; token: string };
    expect((await api(`/carts/${cart.id}/lines`, "POST", { variantId, quantity: 1 }, cart.token, ip)).status).toBe(201);
    expect((await api(`/carts/${cart.id}/email`, "PUT", { email: `outage${n}@example.com` }, cart.token, ip)).status).toBe(200);
    const addressed = await api(`/carts/${cart.id}/shipping-address`, "PUT", { name: "Ada Outage", line1: "Hauptstr. 1", city: "Berlin", postalCode: "10115", country: "DE" }, cart.token, ip);
    const methods = ((await addressed.json()) as { shippingMethods: { code: string }[] }).shippingMethods;
    expect((await api(`/carts/${cart.id}/shipping-method`, "PUT", { method: methods[0]!.code }, cart.token, ip)).status).toBe(200);
    const started = await api(`/carts/${cart.id}/payment`, "POST", {}, cart.token, ip);
    expect(started.status).toBe(201);
    const payment = (await started.json()) as { paymentId: string; redirectUrl: string };
    const url = new URL(payment.redirectUrl);
    const pay = () =>
      timed(`${app.base}${url.pathname}`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "text/html" },
        body: new URLSearchParams({ outcome: "succeed", token: url.searchParams.get("token") ?? "" }),
      });
    return { cartId: cart.id, paymentId: payment.paymentId, pay };
  }

  it("answers 503 quickly while PostgreSQL is away, recovers within 5 s, and loses or doubles nothing", async () => {
    const [variant] = await sql<{ id: string }[]>`
      select v.id from product_variants v join market_prices mp on mp.variant_id = v.id and mp.market = 'de-de'
      order by v.id limit 1`;
    // Enough stock everywhere that the outcome does not depend on which location serves Germany.
    await sql`update inventory_levels set on_hand = 50, reserved = 0 where variant_id = ${variant!.id}`;
    const [{ before }] = await sql<{ before: number }[]>`select sum(on_hand)::int as before from inventory_levels where variant_id = ${variant!.id}`;

    const paidBefore = await cartAtPayment(variant!.id, 1);
    expect((await paidBefore.pay()).status).toBe(302);
    const interrupted = await cartAtPayment(variant!.id, 2);
    mark("cart 1 paid; cart 2 has started payment (stock reserved)");

    pg.stop();
    mark("PostgreSQL stopped");
    const outageEnds = Date.now() + OUTAGE_MS;
    const answers: { what: string; r: Timed }[] = [];
    // Probe repeatedly for the whole outage: every answer must be a quick 503, never a hang or a crash.
    while (Date.now() < outageEnds - 2000) {
      const [page, apiList, health, pay] = await Promise.all([
        timed(`${app.base}/de-de`, { headers: { Accept: "text/html" } }),
        timed(`${app.base}/api/v1/products?market=de-de&first=5`),
        timed(`${app.base}/healthz`),
        interrupted.pay(),
      ]);
      answers.push({ what: "page", r: page }, { what: "api", r: apiList }, { what: "healthz", r: health }, { what: "pay", r: pay });
      mark(`  page ${page.status} ${page.ms} ms · api ${apiList.status} ${apiList.ms} ms · healthz ${health.status} ${health.ms} ms · pay ${pay.status} ${pay.ms} ms`);
      await new Promise((r) => setTimeout(r, 1000));
    }
    mark(`${answers.length} answers during the outage: ${[...new Set(answers.map((a) => `${a.what} ${a.r.status}`))].join(", ")}; slowest ${Math.max(...answers.map((a) => a.r.ms))} ms`);
    expect(app.child.exitCode, "the web process must survive the outage").toBeNull();
    for (const { what, r } of answers) {
      // Anonymous catalog reads may still come from the few-second read cache (200); anything else is 503.
      expect(r.status, `${what} during the outage`).toBe(what === "page" || what === "api" ? (r.status === 200 ? 200 : 503) : 503);
      expect([200, 503]).toContain(r.status);
      expect(r.ms, `${what} answered within ${HANG_LIMIT_MS} ms`).toBeLessThan(HANG_LIMIT_MS);
    }
    const page = answers.find((a) => a.what === "page" && a.r.status === 503)!.r;
    expect(page.contentType).toContain("text/html");
    expect(Number(page.retryAfter)).toBeGreaterThan(0);
    expect(page.body).toContain('lang="de"');
    expect(page.body).toContain("Gleich wieder da"); // de.json error.outageTitle
    const apiAnswer = answers.find((a) => a.what === "api" && a.r.status === 503)!.r;
    expect(Number(apiAnswer.retryAfter)).toBeGreaterThan(0);
    expect(JSON.parse(apiAnswer.body)).toMatchObject({ error: { code: "service_unavailable" } });

    await new Promise((r) => setTimeout(r, Math.max(0, outageEnds - Date.now())));
    pg.start();
    const back = Date.now();
    mark("PostgreSQL started again");
    const healthMs = await waitForOk(`${app.base}/healthz`, 30_000);
    const pageMs = await waitForOk(`${app.base}/de-de`, 30_000);
    mark(`/healthz 200 after ${healthMs} ms, storefront page 200 after ${Date.now() - back} ms`);
    expect(Date.now() - back, "recovered within 5 s").toBeLessThan(RECOVERY_LIMIT_MS);
    expect(pageMs).toBeLessThan(RECOVERY_LIMIT_MS);

    // The shopper retries the payment that failed during the outage, then double-submits it.
    expect((await interrupted.pay()).status).toBe(302);
    expect((await interrupted.pay()).status).toBe(302);
    mark("cart 2 paid after the outage (and submitted twice)");

    // Jobs resume: both confirmation emails go out, each exactly once.
    const deadline = Date.now() + 30_000;
    let emails: { order_id: string; n: number }[] = [];
    const orders = await sql<{ id: string; cart_id: string }[]>`select id, cart_id from orders where cart_id in ${sql([paidBefore.cartId, interrupted.cartId])}`;
    while (Date.now() < deadline) {
      emails = await sql<{ order_id: string; n: number }[]>`
        select order_id, count(*)::int as n from outbox_emails where template = 'order-confirmation' and order_id in ${sql(orders.map((o) => o.id))} group by order_id`;
      if (emails.length === 2) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    mark(`confirmation emails in the outbox: ${emails.map((e) => e.n).join(", ")}`);
    expect(orders).toHaveLength(2);
    expect(emails.map((e) => e.n).sort()).toEqual([1, 1]);

    const payments = await sql<{ cart_id: string; status: string }[]>`
      select cart_id, status from payments where cart_id in ${sql([paidBefore.cartId, interrupted.cartId])} and superseded_by is null`;
    expect(payments.map((p) => p.status)).toEqual(["succeeded", "succeeded"]);
    // Reservations: both committed, none left active; stock went down by exactly the two units sold.
    const reservations = await sql<{ status: string; n: number }[]>`
      select status, count(*)::int as n from inventory_reservations where payment_id in ${sql([paidBefore.paymentId, interrupted.paymentId])} group by status`;
    expect(reservations).toEqual([{ status: "committed", n: 2 }]);
    const [{ after, reserved }] = await sql<{ after: number; reserved: number }[]>`
      select sum(on_hand)::int as after, sum(reserved)::int as reserved from inventory_levels where variant_id = ${variant!.id}`;
    expect(after).toBe(before - 2);
    expect(reserved).toBe(0);
    const jobs = await sql<{ status: string }[]>`select status from jobs where status in ('running', 'failed')`;
    expect(jobs).toEqual([]);
    mark("2 orders, 2 succeeded payments, 2 committed reservations, stock −2, no job running or failed");
  }, 240_000);
});
