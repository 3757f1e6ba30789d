/**
 * The one place that reads configuration from the environment (docs/decisions/0004-configuration.md).
 * `parseEnv` is a pure function of an env record, so every rule is testable; `getEnv()` parses
 * `process.env` once per process and the rest of the code reads the typed groups it returns.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { z } from "zod";

type EnvSource = Readonly<Record<string, string | undefined>>;

const port = z.coerce.number().int().min(1).max(65535);
const positiveInt = (fallback: number) => z.coerce.number().int().min(1).default(fallback);
const flag = (fallback: "0" | "1") => z.enum(["0", "1"]).default(fallback).transform((v) => v === "1");
const commaList = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((s) =>
      s
        .split(",")
        .map((x) => x.trim())
        .filter(Boolean),
    );

const serverVars = {
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: port.default(3000),
  HOST: z.string().default("0.0.0.0"),
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  SESSION_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
  GEO_COUNTRY_HEADER: z
    .string()
    .default("cf-ipcountry")
    .transform((s) => s.toLowerCase()),
  STOREFRONT_API_ORIGINS: commaList(""),
  WEB_CONCURRENCY: positiveInt(1),
  HARBOR_CATALOG_CACHE_MS: z.coerce.number().int().min(0).default(5000),
  /** The most support staff may refund at once, in the store's base currency (decimal, e.g. "100" or "250.00"). */
  HARBOR_SUPPORT_REFUND_LIMIT: z
    .string()
    .regex(/^\d{1,9}(\.\d{1,3})?$/, "must be a decimal amount in the base currency, e.g. 100 or 250.00")
    .default("100"),
  HARBOR_PAGE_CACHE_ENTRIES: z.coerce.number().int().min(0).default(0),
  HARBOR_HTTP_WORKER: flag("0"),
  TRUST_PROXY: z
    .string()
    .optional()
    .transform((v, ctx): number | string[] | false => {
      if (!v) return false;
      if (/^\d+$/.test(v)) return Number(v);
      const items = v.split(",").map((x) => x.trim()).filter(Boolean);
      // Trusting every sender ("true") would let any client choose its own IP for rate limits.
      const valid = items.every((x) => /^(loopback|linklocal|uniquelocal|[0-9a-fA-F:.]+(\/\d{1,3})?)$/.test(x));
      if (!items.length || !valid) {
        ctx.addIssue({ code: "custom", message: "must be a hop count (e.g. 1) or comma-separated proxy addresses/subnets (e.g. 10.0.0.0/8, loopback)" });
        return z.NEVER;
      }
      return items;
    }),
  ORDER_LINK_TTL_DAYS: positiveInt(90),
  SHUTDOWN_TIMEOUT_MS: positiveInt(10_000),
  // Above the 60 s idle timeout of AWS ALB and nginx's upstream keepalive_timeout: the proxy closes an
  // idle connection first, never Harbor while the proxy is sending on it. Below Node's 300 s requestTimeout.
  KEEP_ALIVE_TIMEOUT_MS: z.coerce.number().int().min(1000).max(290_000).default(65_000),
};

const databaseVars = {
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  PGLITE_DIR: z.string().default(".data/pglite"),
  HARBOR_SEED: z.enum(["demo", "none"]).default("demo"),
  // PostgreSQL's default max_connections is 100: 4 web processes + 1 worker × 10 leaves half for
  // migrations, admin sessions and a rolling restart's overlap.
  DB_POOL_MAX: positiveInt(10),
  DB_CONNECT_TIMEOUT_MS: positiveInt(3000),
  DB_STATEMENT_TIMEOUT_MS: positiveInt(5000),
  DB_SEARCH_TIMEOUT_MS: positiveInt(2000),
  DB_QUEUE_LIMIT: z.coerce.number().int().min(0).default(200),
  DB_QUEUE_TIMEOUT_MS: positiveInt(2000),
};

const paymentsVars = {
  HARBOR_DEMO_PAYMENTS: flag("0"),
  STRIPE_SECRET_KEY: z.string().optional(),
  STRIPE_PUBLISHABLE_KEY: z.string().optional(),
  STRIPE_WEBHOOK_SECRET: z.string().optional(),
  STRIPE_API_HOST: z.string().optional(),
  STRIPE_API_PORT: port.optional(),
  STRIPE_API_PROTOCOL: z.enum(["http", "https"]).optional(),
};

const mailVars = {
  RESEND_API_KEY: z.string().optional(),
  RESEND_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  MAIL_FROM: z.string().optional(),
  RESEND_WEBHOOK_SECRET: z.string().optional(),
  MAIL_ATTRIBUTION_DAYS: positiveInt(5),
};


const jobsVars = {
  HARBOR_WORKER: flag("1"),
  JOBS_POLL_MS: positiveInt(1000),
  JOBS_BATCH: positiveInt(10),
};

const storageVars = {
  HARBOR_UPLOADS_DIR: z.string().default("public/uploads"),
};

/** Switches for tests and the browser journeys; inert in a normal deployment. */
const testingVars = {
  HARBOR_EXPOSE_OUTBOX: flag("0"),
  VITEST: z
    .string()
    .optional()
    .transform((v) => v !== undefined),
};

const groups = {
  server: serverVars,
  database: databaseVars,
  payments: paymentsVars,
  mail: mailVars,
  jobs: jobsVars,
  storage: storageVars,
  testing: testingVars,
};

type EnvGroup = keyof typeof groups;

/** Every variable the app reads, by group (README's configuration table is checked against it). */
export const ENV_VARIABLES = Object.fromEntries(Object.entries(groups).map(([g, vars]) => [g, Object.keys(vars)])) as Record<
  EnvGroup,
  string[]
>;

const MIN_DEPLOYED_SECRET = 32;

const EnvSchema = z
  .object({ ...serverVars, ...databaseVars, ...paymentsVars, ...mailVars, ...jobsVars, ...storageVars, ...testingVars })
  .superRefine((v, ctx) => {
    const problem = (variable: string, message: string) => ctx.addIssue({ code: "custom", path: [variable], message });
    const production = v.NODE_ENV === "production";
    // Production on the embedded database is `npm start` on one machine: it keeps a generated secret.
    if (production && v.DATABASE_URL) {
      if (!v.SESSION_SECRET) problem("SESSION_SECRET", `is required when DATABASE_URL is set and NODE_ENV=production (at least ${MIN_DEPLOYED_SECRET} random characters)`);
      else if (v.SESSION_SECRET.length < MIN_DEPLOYED_SECRET) problem("SESSION_SECRET", `must be at least ${MIN_DEPLOYED_SECRET} characters when DATABASE_URL is set and NODE_ENV=production`);
      if (!v.PUBLIC_URL) problem("PUBLIC_URL", "is required when DATABASE_URL is set and NODE_ENV=production (the shop's public origin, e.g. https://shop.example.com)");
    }
    // Overrides exist to reach local stand-ins; in production they must not downgrade to plain http.
    if (production && v.STRIPE_API_PROTOCOL === "http") problem("STRIPE_API_PROTOCOL", "http is honoured only outside production; use https or unset it");
    if (production && v.RESEND_BASE_URL && !v.RESEND_BASE_URL.startsWith("https:")) {
      problem("RESEND_BASE_URL", "must be an https URL in production (plain http is honoured only outside production)");
    }
  })
  .transform((v) => ({
    server: {
      nodeEnv: v.NODE_ENV,
      production: v.NODE_ENV === "production",
      port: v.PORT,
      host: v.HOST,
      publicUrl: v.PUBLIC_URL?.replace(/\/+$/, "") ?? null,
      sessionSecret: v.SESSION_SECRET ?? null,
      geoCountryHeader: v.GEO_COUNTRY_HEADER,
      storefrontApiOrigins: v.STOREFRONT_API_ORIGINS,
      webConcurrency: v.WEB_CONCURRENCY,
      catalogCacheMs: v.HARBOR_CATALOG_CACHE_MS,
      supportRefundLimit: v.HARBOR_SUPPORT_REFUND_LIMIT,
      /** Whole anonymous catalog pages kept per process (0: no page cache). */
      pageCacheEntries: v.HARBOR_PAGE_CACHE_ENTRIES,
      /** Set by server.ts on the HTTP processes it forks. */
      clusterWorker: v.HARBOR_HTTP_WORKER,
      /** Express `trust proxy`: a hop count, the proxies' addresses, or false. */
      trustProxy: v.TRUST_PROXY,
      orderLinkTtlDays: v.ORDER_LINK_TTL_DAYS,
      /** SIGTERM: how long in-flight requests and jobs may take before the process exits anyway. */
      shutdownTimeoutMs: v.SHUTDOWN_TIMEOUT_MS,
      /** How long an idle keep-alive connection stays open (Node's default, 5 s, is shorter than proxies'). */
      keepAliveTimeoutMs: v.KEEP_ALIVE_TIMEOUT_MS,
    },
    database: {
      url: v.DATABASE_URL ?? null,
      pgliteDir: v.PGLITE_DIR,
      seed: v.HARBOR_SEED,
      pool: {
        max: v.DB_POOL_MAX,
        connectTimeoutMs: v.DB_CONNECT_TIMEOUT_MS,
        statementTimeoutMs: v.DB_STATEMENT_TIMEOUT_MS,
        queueLimit: v.DB_QUEUE_LIMIT,
        queueTimeoutMs: v.DB_QUEUE_TIMEOUT_MS,
      },
      /** Listing and search statements: shorter than checkout's, so they cannot hold connections it needs. */
      searchTimeoutMs: v.DB_SEARCH_TIMEOUT_MS,
    },
    payments: {
      /** The offline demo provider: always on the embedded database, on PostgreSQL only when asked for. */
      demoAllowed: !v.DATABASE_URL || v.HARBOR_DEMO_PAYMENTS,
      stripeSecretKey: v.STRIPE_SECRET_KEY ?? null,
      stripePublishableKey: v.STRIPE_PUBLISHABLE_KEY ?? null,
      stripeWebhookSecret: v.STRIPE_WEBHOOK_SECRET ?? null,
      stripeApi: { host: v.STRIPE_API_HOST, port: v.STRIPE_API_PORT, protocol: v.STRIPE_API_PROTOCOL },
    },
    mail: { resendApiKey: v.RESEND_API_KEY ?? null, resendBaseUrl: v.RESEND_BASE_URL?.replace(/\/+$/, "") ?? null, from: v.MAIL_FROM ?? null,
      resendWebhookSecret: v.RESEND_WEBHOOK_SECRET ?? null,
      /** How long a tracked click's attribution cookie lasts (the last click within this window gets the order). */
      attributionDays: v.MAIL_ATTRIBUTION_DAYS,
    },
    jobs: { inWebProcess: v.HARBOR_WORKER, pollMs: v.JOBS_POLL_MS, batchSize: v.JOBS_BATCH },
    /** Uploaded files (product images) are written here and served at /uploads. */
    storage: { uploadsDir: v.HARBOR_UPLOADS_DIR },
    testing: { exposeOutbox: v.HARBOR_EXPOSE_OUTBOX, vitest: v.VITEST },
  }));

type Env = z.output<typeof EnvSchema>;
export type PaymentsEnv = Env["payments"];
export type MailEnv = Env["mail"];
export type PoolEnv = Env["database"]["pool"];

export class EnvError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  ${p.variable}: ${p.message}`).join("\n")}`);
    this.name = "EnvError";
  }
}

/** Parses an env record. Blank values count as unset. Throws EnvError naming every bad variable. */
export function parseEnv(source: EnvSource): Env {
  const known = new Set(Object.values(ENV_VARIABLES).flat());
  const input: Record<string, string> = {};
  for (const [key, value] of Object.entries(source)) {
    const trimmed = value?.trim();
    if (known.has(key) && trimmed) input[key] = trimmed;
  }
  const result = EnvSchema.safeParse(input);
  if (result.success) return result.data;
  throw new EnvError(result.error.issues.map((i) => ({ variable: String(i.path[0] ?? "environment"), message: i.message })));
}

let parsed: Env | null = null;
let sessionSecret: string | null = null;

/** The configuration of this process, parsed from `process.env` on first use. */
export function getEnv(): Env {
  parsed ??= parseEnv(process.env);
  return parsed;
}

/**
 * Forgets the parsed configuration so the next `getEnv()` reads `process.env` again. For tests
 * that change variables (test/setup/env.ts also calls it before every test).
 */
export function resetEnvForTests(): void {
  parsed = null;
  sessionSecret = null;
}

/** Used only where no secret is configured and links need not survive anything (tests, local PostgreSQL). */
const DEVELOPMENT_SECRET = "harbor-development-secret-change-me";

type SessionSecretSource =
  | { kind: "configured"; secret: string }
  | { kind: "file"; path: string }
  | { kind: "development"; warn: boolean };

/** Where the secret that signs links comes from (the production rule itself is enforced by parseEnv). */
export function sessionSecretSource(env: Env): SessionSecretSource {
  if (env.server.sessionSecret) return { kind: "configured", secret: env.server.sessionSecret };
  if (env.server.nodeEnv === "test") return { kind: "development", warn: false };
  // The embedded database's data directory is this installation's state: the secret lives beside it.
  if (!env.database.url) return { kind: "file", path: join(dirname(resolve(env.database.pgliteDir)), "session-secret") };
  return { kind: "development", warn: true };
}

/** Reads the secret kept in `file`, or creates it (32 random bytes, mode 0600) on first use. */
export function loadOrCreateSecret(file: string): { secret: string; created: boolean } {
  let existing: string | null = null;
  try {
    existing = readFileSync(file, "utf8").trim();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
  if (existing !== null) {
    if (existing.length < MIN_DEPLOYED_SECRET) {
      throw new EnvError([{ variable: "SESSION_SECRET", message: `is not set and ${file} holds no usable secret; delete that file to generate a new one` }]);
    }
    return { secret: existing, created: false };
  }
  mkdirSync(dirname(file), { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  try {
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: "wx" });
  } catch (e) {
    // Another process created it between our read and write: theirs wins.
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return loadOrCreateSecret(file);
    throw e;
  }
  return { secret, created: true };
}

/** The secret that signs links (order status); see sessionSecretSource for where it comes from. */
export function getSessionSecret(): string {
  if (sessionSecret) return sessionSecret;
  const source = sessionSecretSource(getEnv());
  if (source.kind === "configured") {
    sessionSecret = source.secret;
  } else if (source.kind === "file") {
    const { secret, created } = loadOrCreateSecret(source.path);
    if (created) console.log(`[harbor] generated a session secret in ${source.path} (set SESSION_SECRET to choose your own)`);
    sessionSecret = secret;
  } else {
    if (source.warn) console.warn("[harbor] SESSION_SECRET is not set: signed links use a development secret. Set it (≥ 32 characters) before deploying.");
    sessionSecret = DEVELOPMENT_SECRET;
  }
  return sessionSecret;
}

/**
 * For entry points (server, worker): the validated configuration with the session secret resolved,
 * or a message naming each bad variable and exit code 1, before anything listens or connects.
 */
export function loadEnvOrExit(): Env {
  try {
    const env = getEnv();
    getSessionSecret();
    return env;
  } catch (e) {
    if (!(e instanceof EnvError)) throw e;
    console.error(`[harbor] refusing to start. ${e.message}`);
    process.exit(1);
  }
}
