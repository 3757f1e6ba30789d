import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { EnvError, getEnv, getSessionSecret, loadEnvOrExit, loadOrCreateSecret, parseEnv, resetEnvForTests, sessionSecretSource } from "./env.server";

const DB = "postgres://harbor@db.internal:5432/harbor";
const SECRET_32 = "s".repeat(32);
const deployed = { NODE_ENV: "production", DATABASE_URL: DB, SESSION_SECRET: SECRET_32, PUBLIC_URL: "https://shop.example.com" };

function problems(env: Record<string, string>): string[] {
  try {
    parseEnv(env);
  } catch (e) {
    if (e instanceof EnvError) return e.problems.map((p) => p.variable);
    throw e;
  }
  return [];
}

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  resetEnvForTests();
});

describe("parseEnv", () => {
  it("needs no configuration: every group has a default", () => {
    const env = parseEnv({});
    expect(env.server).toMatchObject({ nodeEnv: "development", production: false, port: 3000, host: "0.0.0.0", publicUrl: null, sessionSecret: null });
    expect(env.server).toMatchObject({ geoCountryHeader: "cf-ipcountry", storefrontApiOrigins: [], webConcurrency: 1, catalogCacheMs: 5000, clusterWorker: false });
    expect(env.database).toEqual({
      url: null,
      pgliteDir: ".data/pglite",
      seed: "demo",
      // 10 per process: PostgreSQL's default max_connections is 100, shared by several processes (README).
      pool: { max: 10, connectTimeoutMs: 3000, statementTimeoutMs: 5000, queueLimit: 200, queueTimeoutMs: 2000 },
      searchTimeoutMs: 2000,
    });
    expect(env.server.shutdownTimeoutMs).toBe(10_000);
    expect(env.payments).toMatchObject({ stripeSecretKey: null, stripePublishableKey: null, stripeWebhookSecret: null });
    // Resend webhooks are refused until their secret is set; clicks attribute orders for 5 days (issue #12: "last click within 5 days").
    expect(env.mail).toEqual({ resendApiKey: null, resendBaseUrl: null, from: null, resendWebhookSecret: null, attributionDays: 5 });
    expect(env.jobs).toEqual({ inWebProcess: true, pollMs: 1000, batchSize: 10 });
    expect(env.testing).toEqual({ exposeOutbox: false, vitest: false });
  });

  it("treats blank values as unset and ignores variables it does not know", () => {
    const env = parseEnv({ STRIPE_SECRET_KEY: "   ", PORT: "", MAIL_FROM: " Shop <a@example.com> ", SOMETHING_ELSE: "x" });
    expect(env.payments.stripeSecretKey).toBeNull();
    expect(env.server.port).toBe(3000);
    expect(env.mail.from).toBe("Shop <a@example.com>");
  });

  it("normalises lists, header names and origins", () => {
    const env = parseEnv({
      STOREFRONT_API_ORIGINS: "https://a.example.com, https://b.example.com,",
      GEO_COUNTRY_HEADER: "CF-IPCountry",
      PUBLIC_URL: "https://shop.example.com/",
      HARBOR_WORKER: "0",
      HARBOR_EXPOSE_OUTBOX: "1",
    });
    expect(env.server.storefrontApiOrigins).toEqual(["https://a.example.com", "https://b.example.com"]);
    expect(env.server.geoCountryHeader).toBe("cf-ipcountry");
    expect(env.server.publicUrl).toBe("https://shop.example.com");
    expect(env.jobs.inWebProcess).toBe(false);
    expect(env.testing.exposeOutbox).toBe(true);
  });

  it("names every malformed variable in one error", () => {
    expect(
      problems({
        PORT: "eighty",
        DATABASE_URL: "mysql://localhost/shop",
        HARBOR_WORKER: "yes",
        JOBS_POLL_MS: "0",
        STRIPE_API_PORT: "70000",
        STRIPE_API_PROTOCOL: "ftp",
        RESEND_BASE_URL: "not a url",
        SESSION_SECRET: "short",
      }).sort(),
    ).toEqual(
      ["DATABASE_URL", "HARBOR_WORKER", "JOBS_POLL_MS", "PORT", "RESEND_BASE_URL", "SESSION_SECRET", "STRIPE_API_PORT", "STRIPE_API_PROTOCOL"].sort(),
    );
    expect(() => parseEnv({ PORT: "eighty" })).toThrow(/^Invalid configuration:\n {2}PORT: /);
  });
});

describe("a real deployment (DATABASE_URL set and NODE_ENV=production)", () => {
  it("requires SESSION_SECRET and PUBLIC_URL", () => {
    expect(problems({ NODE_ENV: "production", DATABASE_URL: DB }).sort()).toEqual(["PUBLIC_URL", "SESSION_SECRET"]);
    expect(() => parseEnv({ NODE_ENV: "production", DATABASE_URL: DB })).toThrow(/SESSION_SECRET: is required when DATABASE_URL is set and NODE_ENV=production/);
  });

  it("requires a session secret of at least 32 characters", () => {
    expect(problems({ ...deployed, SESSION_SECRET: "s".repeat(31) })).toEqual(["SESSION_SECRET"]);
    expect(parseEnv(deployed).server.sessionSecret).toBe(SECRET_32);
  });

  it("does not apply to the embedded database or to development on PostgreSQL", () => {
    expect(problems({ NODE_ENV: "production" })).toEqual([]);
    expect(problems({ DATABASE_URL: DB })).toEqual([]);
    // Outside a real deployment the long-standing minimum still holds.
    expect(problems({ SESSION_SECRET: "s".repeat(16) })).toEqual([]);
  });
});

describe("provider base-URL overrides", () => {
  it("are honoured outside production, plain http included", () => {
    const env = parseEnv({ STRIPE_SECRET_KEY: "sk_test_x", STRIPE_API_HOST: "127.0.0.1", STRIPE_API_PORT: "12111", STRIPE_API_PROTOCOL: "http", RESEND_BASE_URL: "http://127.0.0.1:3025/" });
    expect(env.payments.stripeApi).toEqual({ host: "127.0.0.1", port: 12111, protocol: "http" });
    expect(env.mail.resendBaseUrl).toBe("http://127.0.0.1:3025");
  });

  it("are honoured in production when they are https", () => {
    const env = parseEnv({ ...deployed, STRIPE_API_HOST: "stripe-proxy.internal", STRIPE_API_PROTOCOL: "https", RESEND_BASE_URL: "https://mail-proxy.internal" });
    expect(env.payments.stripeApi).toEqual({ host: "stripe-proxy.internal", port: undefined, protocol: "https" });
    expect(env.mail.resendBaseUrl).toBe("https://mail-proxy.internal");
  });

  it("refuse plain http in production", () => {
    expect(problems({ NODE_ENV: "production", STRIPE_API_PROTOCOL: "http" })).toEqual(["STRIPE_API_PROTOCOL"]);
    expect(problems({ NODE_ENV: "production", RESEND_BASE_URL: "http://127.0.0.1:3025" })).toEqual(["RESEND_BASE_URL"]);
    expect(() => parseEnv({ ...deployed, RESEND_BASE_URL: "http://mail.internal" })).toThrow(/RESEND_BASE_URL: must be an https URL in production/);
  });
});

describe("session secret", () => {
  let dir: string;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("comes from SESSION_SECRET, a file beside the embedded database, or the development default", () => {
    expect(sessionSecretSource(parseEnv(deployed))).toEqual({ kind: "configured", secret: SECRET_32 });
    expect(sessionSecretSource(parseEnv({ NODE_ENV: "production", PGLITE_DIR: "/srv/harbor/pglite" }))).toEqual({ kind: "file", path: "/srv/harbor/session-secret" });
    expect(sessionSecretSource(parseEnv({ DATABASE_URL: DB }))).toEqual({ kind: "development", warn: true });
    expect(sessionSecretSource(parseEnv({ NODE_ENV: "test" }))).toEqual({ kind: "development", warn: false });
  });

  it("is generated once (mode 0600) and read back on the next start", () => {
    dir = mkdtempSync(join(tmpdir(), "harbor-secret-"));
    const file = join(dir, "data", "session-secret");
    const first = loadOrCreateSecret(file);
    expect(first.created).toBe(true);
    expect(first.secret.length).toBeGreaterThanOrEqual(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadOrCreateSecret(file)).toEqual({ secret: first.secret, created: false });
    expect(readFileSync(file, "utf8").trim()).toBe(first.secret);
  });

  it("refuses a file that holds no usable secret", () => {
    dir = mkdtempSync(join(tmpdir(), "harbor-secret-"));
    const file = join(dir, "session-secret");
    writeFileSync(file, "too-short\n");
    expect(() => loadOrCreateSecret(file)).toThrow(EnvError);
  });

  it("getSessionSecret() keeps the embedded store's secret across restarts", () => {
    dir = mkdtempSync(join(tmpdir(), "harbor-secret-"));
    vi.spyOn(console, "log").mockImplementation(() => {});
    for (const [k, v] of Object.entries({ NODE_ENV: "production", DATABASE_URL: "", SESSION_SECRET: "", PGLITE_DIR: join(dir, "pglite") })) vi.stubEnv(k, v);
    resetEnvForTests();
    const first = getSessionSecret();
    resetEnvForTests(); // a restart
    expect(getSessionSecret()).toBe(first);
    expect(readFileSync(join(dir, "session-secret"), "utf8").trim()).toBe(first);
  });

  it("warns when PostgreSQL is used without a secret outside production", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    for (const [k, v] of Object.entries({ NODE_ENV: "development", DATABASE_URL: DB, SESSION_SECRET: "" })) vi.stubEnv(k, v);
    resetEnvForTests();
    expect(getSessionSecret()).toHaveLength(35);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("SESSION_SECRET is not set"));
  });
});

describe("getEnv", () => {
  it("parses process.env once until resetEnvForTests()", () => {
    vi.stubEnv("PORT", "4001");
    resetEnvForTests();
    expect(getEnv().server.port).toBe(4001);
    vi.stubEnv("PORT", "4002");
    expect(getEnv().server.port).toBe(4001);
    resetEnvForTests();
    expect(getEnv().server.port).toBe(4002);
  });

  it("loadEnvOrExit() prints what is wrong and exits 1 instead of starting", () => {
    for (const [k, v] of Object.entries({ NODE_ENV: "production", DATABASE_URL: DB, SESSION_SECRET: "", PUBLIC_URL: "" })) vi.stubEnv(k, v);
    resetEnvForTests();
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const exit = vi.spyOn(process, "exit").mockImplementation((code) => {
      throw new Error(`exit ${code}`);
    });
    expect(() => loadEnvOrExit()).toThrow("exit 1");
    expect(exit).toHaveBeenCalledWith(1);
    const printed = String(error.mock.calls[0]?.[0]);
    expect(printed).toContain("refusing to start");
    expect(printed).toContain("SESSION_SECRET");
    expect(printed).toContain("PUBLIC_URL");
  });
});
