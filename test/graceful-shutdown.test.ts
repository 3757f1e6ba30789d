/**
 * Issue #13 item 3, second half: graceful shutdown and a rolling restart, on the real server process
 * (server.ts through `npm start`'s entry) and PostgreSQL (several processes share one database).
 *
 * - SIGTERM lets the checkout request in flight answer in full, refuses new connections, lets the
 *   job the worker is running finish as `done`, and exits 0 within SHUTDOWN_TIMEOUT_MS.
 * - Work that outlives SHUTDOWN_TIMEOUT_MS does not keep the process: it exits 1 with a message.
 * - Keep-alive: idle connections outlive a proxy's idle timeout (60 s at AWS ALB and nginx), so the
 *   proxy, not Harbor, closes them; Node's 5 s default made a proxy reuse a closing connection.
 * - Two processes behind a round-robin balancer, restarted one after the other under load (each
 *   deregistered 0.5 s before its SIGTERM, then signalled while its requests are still in flight):
 *   no request is dropped.
 *
 * Why refuse rather than answer 503 after SIGTERM: a refused connection carries no request, so every
 * load balancer retries it on another backend whatever the method (nginx `proxy_next_upstream
 * error`, HAProxy `retry-on conn-failure`); a 503 to a POST reaches the shopper (nginx does not pass
 * a non-idempotent request to the next server once it was sent).
 */
import { Agent, request, type IncomingHttpHeaders } from "node:http";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startResendStandin, type ResendStandin } from "./stand-ins/resend";
import { startStripeStandin, type StripeStandin } from "./stand-ins/stripe";
import { appDatabasePossible, createAppDatabase, warnSkippedWithoutPostgres, type AppDatabase } from "./support/app-database";
import { startAppServer, waitForOk, type AppServer } from "./support/app-server";
import { startHoldingProxy, type HoldingProxy } from "./support/holding-proxy";
import { freePort } from "./support/private-postgres";
import { RoundRobin } from "./support/round-robin";

warnSkippedWithoutPostgres("test/graceful-shutdown.test.ts");

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  reusedSocket: boolean;
  localPort: number | undefined;
}

/** node:http rather than fetch: the test reads hop-by-hop headers (Connection, Keep-Alive) and socket reuse. */
function raw(base: string, path: string, opts: { method?: string; headers?: Record<string, string>; body?: string; agent?: Agent } = {}): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method: opts.method ?? "GET", headers: opts.headers, agent: opts.agent ?? false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8"), reusedSocket: req.reusedSocket, localPort: res.socket?.localPort }),
      );
      res.on("aborted", () => reject(Object.assign(new Error("response aborted"), { code: "ECONNRESET" })));
    });
    req.on("error", reject);
    req.end(opts.body);
  });
}

const codeOf = (e: unknown): string | undefined => {
  for (let x = e as { code?: string; cause?: unknown } | undefined; x; x = x.cause as typeof x) if (x.code) return x.code;
  return undefined;
};

function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([p, sleep(ms).then(() => Promise.reject(new Error(`${what}: not within ${ms} ms`)))]);
}

describe.skipIf(!appDatabasePossible())("graceful shutdown and rolling restart (real server, PostgreSQL)", () => {
  let database: AppDatabase;
  let sql: postgres.Sql;
  let stripe: StripeStandin;
  let resend: ResendStandin;
  let stripeProxy: HoldingProxy;
  let resendProxy: HoldingProxy;
  const started: AppServer[] = [];

  /** The variants and handles the tests buy and browse (demo catalog, sold in Germany). */
  let variants: string[] = [];
  let handles: string[] = [];
  /** Started once (the first start migrates and seeds); the keep-alive test reads it, the SIGTERM test stops it. */
  let shared: AppServer;
  const SHARED_SHUTDOWN_TIMEOUT_MS = 10_000;

  /** Generous: a shared test machine under load can take minutes to start a process (first start: migrate and seed). */
  async function start(env: Record<string, string>, port?: number, healthyWithinMs = 240_000): Promise<AppServer> {
    const app = startAppServer({
      port: port ?? (await freePort()),
      env: { DATABASE_URL: database.url, HARBOR_DEMO_PAYMENTS: "1", TRUST_PROXY: "loopback", JOBS_POLL_MS: "200", ...env },
    });
    started.push(app);
    try {
      await waitForOk(`${app.base}/healthz`, healthyWithinMs);
    } catch (e) {
      throw new Error(`${(e as Error).message}\n${app.output()}`);
    }
    return app;
  }

  /** Stripe and Resend stand-ins behind proxies that can hold their answers (plain http: not production). */
  const providerEnv = () => ({
    NODE_ENV: "development",
    STRIPE_SECRET_KEY: "sk_test_shutdown",
    STRIPE_API_HOST: "127.0.0.1",
    STRIPE_API_PORT: String(stripeProxy.port),
    STRIPE_API_PROTOCOL: "http",
    RESEND_API_KEY: resend.apiKey,
    RESEND_BASE_URL: resendProxy.url,
  });

  const json = (ip: string, token?: string): Record<string, string> => ({
    "Content-Type": "application/json",
    "X-Forwarded-For": ip,
    ...(token ? { "X-Cart-Token": token } : {}),
  });

  async function api<T>(base: string, path: string, method: string, body: unknown, ip: string, token?: string): Promise<{ status: number; body: T }> {
    const r = await raw(base, `/api/v1${path}`, { method, headers: json(ip, token), body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: r.status, body: (r.body ? JSON.parse(r.body) : null) as T };
  }

  /** A German cart with one unit, email, address and shipping method: the next step is paying. */
  async function cartReadyToPay(base: string, ip: string) {
    const cart = (await api<{ id: string; token: string }>(base, "/carts", "POST", { market: "de-de" }, ip)).body;
    expect((await api(base, `/carts/${cart.id}/lines`, "POST", { variantId: variants[0], quantity: 1 }, ip, cart.token)).status).toBe(201);
    expect((await api(base, `/carts/${cart.id}/email`, "PUT", { email: "shutdown@example.com" }, ip, cart.token)).status).toBe(200);
    const address = { name: "Ada Shutdown", line1: "Hauptstr. 1", city: "Berlin", postalCode: "10115", country: "DE" };
    const addressed = await api<{ shippingMethods: { code: string }[] }>(base, `/carts/${cart.id}/shipping-address`, "PUT", address, ip, cart.token);
    expect(addressed.status).toBe(200);
    const method = addressed.body.shippingMethods[0]!.code;
    expect((await api(base, `/carts/${cart.id}/shipping-method`, "PUT", { method }, ip, cart.token)).status).toBe(200);
    const pay = () => raw(base, `/api/v1/carts/${cart.id}/payment`, { method: "POST", headers: json(ip, cart.token), body: "{}" });
    return { id: cart.id, pay };
  }

  beforeAll(async () => {
    database = await createAppDatabase("harbor_shutdown");
    console.log(`[graceful shutdown] PostgreSQL: ${database.where}`);
    stripe = await startStripeStandin();
    resend = await startResendStandin();
    stripeProxy = await startHoldingProxy(stripe.url);
    resendProxy = await startHoldingProxy(resend.url);
    // The first start migrates and seeds the demo catalog; later starts find it done.
    shared = await start({ ...providerEnv(), SHUTDOWN_TIMEOUT_MS: String(SHARED_SHUTDOWN_TIMEOUT_MS) });
    sql = postgres(database.url, { max: 1, onnotice: () => {} });
    const list = await api<{ nodes: { handle: string }[] }>(shared.base, "/products?market=de-de&first=6", "GET", undefined, "10.9.0.1");
    handles = list.body.nodes.map((n) => n.handle);
    for (const handle of handles) {
      const product = await api<{ variants: { id: string; availableForSale: boolean }[] }>(shared.base, `/products/${handle}?market=de-de`, "GET", undefined, "10.9.0.1");
      const variant = product.body.variants.find((v) => v.availableForSale);
      if (variant) variants.push(variant.id);
    }
    expect(variants.length).toBeGreaterThanOrEqual(3);
    // Plenty of stock wherever Germany is served from, so the outcome never depends on it.
    await sql`update inventory_levels set on_hand = 100000, reserved = 0 where variant_id in ${sql(variants)}`;
  }, 300_000);

  afterAll(async () => {
    for (const app of started) if (app.child.exitCode === null && app.child.signalCode === null) app.child.kill("SIGKILL");
    await sql?.end({ timeout: 1 }).catch(() => {});
    await stripeProxy?.close();
    await resendProxy?.close();
    await stripe?.close();
    await resend?.close();
    await database?.drop();
  }, 60_000);

  it("keep-alive connections outlive a proxy's 60 s idle timeout (announced as Keep-Alive: timeout=65) and survive Node's old 5 s", async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const first = await raw(shared.base, "/healthz", { agent });
      expect(first.status).toBe(200);
      // AWS ALB and nginx keep idle upstream connections 60 s: the backend must keep them longer.
      expect(first.headers["keep-alive"]).toBe("timeout=65");
      await sleep(6000);
      const second = await raw(shared.base, "/healthz", { agent });
      expect(second.status).toBe(200);
      expect(second.reusedSocket).toBe(true);
      expect(second.localPort).toBe(first.localPort);
    } finally {
      agent.destroy();
    }
  }, 60_000);

  it("SIGTERM: the checkout in flight answers 201 in full, new connections are refused, the running job ends done, exit 0 within SHUTDOWN_TIMEOUT_MS", async () => {
    const shutdownTimeoutMs = SHARED_SHUTDOWN_TIMEOUT_MS;
    const app = shared;
    const cart = await cartReadyToPay(app.base, "10.4.0.1");

    // A job in progress: the worker is sending a sign-up verification email and Resend has not answered.
    const mailHold = resendProxy.holdNext({ method: "POST", path: "/emails" });
    const email = `shutdown-${Date.now()}@example.com`;
    const signUp = await api(app.base, "/customers", "POST", { email, password: "correct horse battery staple" }, "10.4.0.2");
    expect(signUp.status).toBe(201);
    await within(mailHold.arrived, 20_000, "the worker sends the verification email");

    // A request in flight: payment start, waiting for Stripe to create the PaymentIntent.
    const payHold = stripeProxy.holdNext({ method: "POST", path: "/v1/payment_intents" });
    const payment = cart.pay();
    await within(payHold.arrived, 20_000, "payment start reaches Stripe");

    // An idle keep-alive connection, as a proxy's pool holds them.
    const idleAgent = new Agent({ keepAlive: true, maxSockets: 1 });
    const warm = await raw(app.base, "/healthz", { agent: idleAgent });
    expect(warm.status).toBe(200);
    const idleSocket = Object.values(idleAgent.freeSockets).flat()[0]!;
    const idleClosed = new Promise<number>((r) => idleSocket.once("close", () => r(Date.now())));

    const t0 = Date.now();
    app.child.kill("SIGTERM");
    await sleep(300);
    // After SIGTERM no new connection is taken: refused, so a balancer retries it elsewhere.
    const fresh = await raw(app.base, "/healthz").then(
      (r) => `answered ${r.status}`,
      (e: unknown) => codeOf(e),
    );
    expect(fresh).toBe("ECONNREFUSED");
    expect(app.child.exitCode, "still finishing its work").toBeNull();

    await sleep(1000);
    payHold.release();
    mailHold.release();

    const answer = await payment;
    expect(answer.status, answer.body).toBe(201);
    // Responses sent while closing end their connection, so a proxy does not reuse it.
    expect(answer.headers.connection).toBe("close");
    const paid = JSON.parse(answer.body) as { provider: string; clientSecret: string | null; paymentId: string };
    expect(paid.provider).toBe("stripe");
    expect(paid.clientSecret).toMatch(/^pi_.+_secret_/);

    const exitCode = await within(app.exited, shutdownTimeoutMs + 5000, "process exit");
    const tookMs = Date.now() - t0;
    expect(exitCode).toBe(0);
    // The idle connection nobody reused was closed by the server before the deadline (2 s before it),
    // not left to its 65 s keep-alive timeout.
    const idleClosedAfter = (await within(idleClosed, 1000, "idle keep-alive connection closed")) - t0;
    expect(idleClosedAfter).toBeGreaterThanOrEqual(shutdownTimeoutMs - 2000 - 200);
    expect(idleClosedAfter).toBeLessThan(shutdownTimeoutMs);
    console.log(`[graceful shutdown] SIGTERM → exit ${exitCode} after ${tookMs} ms (held work released after ~1300 ms; idle connection closed after ${idleClosedAfter} ms)`);
    idleAgent.destroy();
    expect(tookMs).toBeGreaterThanOrEqual(1300);
    expect(tookMs).toBeLessThan(shutdownTimeoutMs);
    expect(app.output()).toContain("SIGTERM: finishing in-flight requests and jobs");

    // The job finished as done, not left locked for the stale-claim rule to run again.
    const jobs = await sql<{ status: string; locked_at: Date | null }[]>`
      select status, locked_at from jobs where kind = 'mail.send' and payload::text like ${`%${email}%`}`;
    expect(jobs).toEqual([{ status: "done", locked_at: null }]);
    const delivered = [...resend.emails.values()].filter((m) => [m.to].flat().includes(email));
    expect(delivered).toHaveLength(1);
    // The payment the shopper was waiting for is recorded once.
    const payments = await sql<{ status: string }[]>`select status from payments where cart_id = ${cart.id}`;
    expect(payments).toHaveLength(1);
  }, 90_000);

  it("work that outlives SHUTDOWN_TIMEOUT_MS does not keep the process: it logs why and exits 1", async () => {
    const shutdownTimeoutMs = 2000;
    const app = await start({ ...providerEnv(), SHUTDOWN_TIMEOUT_MS: String(shutdownTimeoutMs) });
    const cart = await cartReadyToPay(app.base, "10.5.0.1");
    const payHold = stripeProxy.holdNext({ method: "POST", path: "/v1/payment_intents" });
    const payment = cart.pay().then(
      (r) => `answered ${r.status}`,
      (e: unknown) => codeOf(e) ?? String(e),
    );
    await within(payHold.arrived, 20_000, "payment start reaches Stripe");
    const t0 = Date.now();
    app.child.kill("SIGTERM");
    const exitCode = await within(app.exited, shutdownTimeoutMs + 5000, "process exit");
    const tookMs = Date.now() - t0;
    payHold.release();
    console.log(`[graceful shutdown] stuck request: exit ${exitCode} after ${tookMs} ms`);
    // Non-zero: the process did not finish cleanly and a supervisor or operator should see that.
    expect(exitCode).toBe(1);
    expect(tookMs).toBeGreaterThanOrEqual(shutdownTimeoutMs);
    expect(tookMs).toBeLessThan(shutdownTimeoutMs + 3000);
    expect(app.output()).toContain(`[harbor] SIGTERM: requests or jobs still running after ${shutdownTimeoutMs} ms; exiting anyway`);
    expect(await payment).toBe("ECONNRESET");
  }, 60_000);

  it("a rolling restart of two processes under load drops no request", async () => {
    const ports = [await freePort(), await freePort()];
    // While one process restarts the other carries all the load. On a shared, busy test machine that
    // can mean queueing for a connection longer than the 2 s default, which answers 503 by design
    // (issue #13 item 4, tested in database-faults); this test is about what the restart drops.
    const env = { DB_QUEUE_TIMEOUT_MS: "30000", DB_STATEMENT_TIMEOUT_MS: "30000", DB_SEARCH_TIMEOUT_MS: "30000" };
    const apps = await Promise.all(ports.map((port) => start(env, port)));
    const t0 = Date.now();
    const lb = new RoundRobin(ports, (f) => console.log(`[rolling restart] FAILED at ${((f.at - t0) / 1000).toFixed(1)} s ${f.what} on backend ${f.backend + 1}: ${f.reason}`));
    const CLIENTS = 20;
    const carts = await Promise.all(
      Array.from({ length: CLIENTS }, async (_, i) => {
        const ip = `10.6.0.${i + 1}`;
        const r = await api<{ id: string; token: string }>(apps[i % 2]!.base, "/carts", "POST", { market: "de-de" }, ip);
        expect(r.status).toBe(201);
        return { ...r.body, ip };
      }),
    );
    const kinds = { page: 0, api: 0, cart: 0 };
    let stopping = false;
    const timeline: string[] = [];
    const mark = (s: string) => {
      timeline.push(`${((Date.now() - t0) / 1000).toFixed(1).padStart(5)} s  ${s} (${lb.completed} ok, ${lb.failures.length} failed, ${lb.refusedRetries} refused+retried)`);
      console.log(`[rolling restart] ${timeline.at(-1)}`);
    };

    const client = async (i: number) => {
      const cart = carts[i]!;
      for (let n = i; !stopping; n++) {
        const handle = handles[n % handles.length]!;
        const kind = (["page", "api", "cart"] as const)[n % 3]!;
        kinds[kind]++;
        if (kind === "page") await lb.send(`GET /de-de/products/${handle}`, { method: "GET", path: `/de-de/products/${handle}`, headers: { Accept: "text/html", "X-Forwarded-For": cart.ip } });
        else if (kind === "api") await lb.send(`GET /api/v1/products/${handle}`, { method: "GET", path: `/api/v1/products/${handle}?market=de-de`, headers: { "X-Forwarded-For": cart.ip } });
        else
          await lb.send(`POST /api/v1/carts/…/lines`, {
            method: "POST",
            path: `/api/v1/carts/${cart.id}/lines`,
            headers: json(cart.ip, cart.token),
            body: JSON.stringify({ variantId: variants[n % variants.length], quantity: 1 }),
          });
        await sleep(100);
      }
    };
    const load = Promise.all(Array.from({ length: CLIENTS }, (_, i) => client(i)));

    try {
      await sleep(2000);
      for (const i of [0, 1]) {
        // Deregister, let connections already being opened land, then signal: what a rolling deploy does.
        lb.drain(i);
        await sleep(500);
        mark(`SIGTERM process ${i + 1}`);
        const code = await within(apps[i]!.stop(), 15_000, `process ${i + 1} exit`);
        mark(`process ${i + 1} exited ${code}`);
        expect(code).toBe(0);
        apps[i] = await start(env, ports[i]);
        lb.restore(i);
        mark(`replacement ${i + 1} healthy`);
        await sleep(2000);
      }
      await sleep(Math.max(0, 15_000 - (Date.now() - t0)));
    } finally {
      stopping = true;
      await load;
      mark("load stopped");
      lb.close();
    }
    console.log(
      `\n[rolling restart] ${CLIENTS} clients for ${((Date.now() - t0) / 1000).toFixed(1)} s: ${lb.completed} requests answered ` +
        `(${kinds.page} pages, ${kinds.api} API lookups, ${kinds.cart} cart adds), ${lb.refusedRetries} refused connections retried elsewhere, ${lb.failures.length} failed\n` +
        `${timeline.join("\n")}\n${lb.failures.slice(0, 20).map((f) => `  FAILED at ${((f.at - t0) / 1000).toFixed(1)} s ${f.what} on backend ${f.backend + 1}: ${f.reason}`).join("\n")}\n`,
    );
    if (lb.failures.length) {
      for (const app of started) console.log(`--- ${app.base}\n${app.output().split("\n").filter((l) => /error|Error|warn/.test(l)).slice(0, 30).join("\n")}`);
    }
    expect(lb.failures).toEqual([]);
    expect(lb.completed).toBeGreaterThan(100);
    for (const app of apps) expect(await app.stop()).toBe(0);
  }, 600_000);
});
