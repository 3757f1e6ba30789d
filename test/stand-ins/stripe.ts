/**
 * A local stand-in for the parts of Stripe's REST API that Harbor uses, for tests: the real
 * `stripe` SDK talks to it through `host`/`port`/`protocol: "http"`. node:http only, no deps.
 *
 *   POST /v1/payment_intents            (form-encoded; Idempotency-Key honoured)
 *   GET  /v1/payment_intents/:id        (`expand[]=latest_charge` honoured)
 *   GET  /v1/charges/:id                (the succeeded PaymentIntent's charge, with the card's fingerprint)
 *   POST /v1/payment_intents/:id/cancel
 *   POST /v1/refunds
 *
 * Errors use Stripe's shape: `{ error: { type, code?, message, param? } }`. Idempotency follows
 * Stripe: a key seen with the same endpoint and parameters replays the first (2xx) response with
 * `Idempotent-Replayed: true`; with different parameters it is a 400 `idempotency_error`;
 * requests that fail validation are not saved. Test controls: `setStatus`, `calls`,
 * `dropNextResponses`, `event`.
 */
import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";

type StandinPaymentIntentStatus =
  | "requires_payment_method"
  | "requires_confirmation"
  | "requires_action"
  | "processing"
  | "requires_capture"
  | "succeeded"
  | "canceled";

interface StandinPaymentIntent {
  id: string;
  object: "payment_intent";
  amount: number;
  amount_received: number;
  currency: string;
  status: StandinPaymentIntentStatus;
  client_secret: string;
  metadata: Record<string, string>;
  created: number;
  description: string | null;
  receipt_email: string | null;
  automatic_payment_methods: { enabled: boolean } | null;
  next_action: { type: string; [k: string]: unknown } | null;
  last_payment_error: { type: string; code?: string; message: string } | null;
  latest_charge: string | null;
  canceled_at: number | null;
  cancellation_reason: string | null;
  livemode: false;
}

interface StandinRefund {
  id: string;
  object: "refund";
  amount: number;
  currency: string;
  payment_intent: string;
  charge: string | null;
  status: "succeeded";
  reason: string | null;
  metadata: Record<string, string>;
  created: number;
}

interface StandinCharge {
  id: string;
  object: "charge";
  amount: number;
  amount_captured: number;
  currency: string;
  payment_intent: string;
  status: "succeeded";
  paid: true;
  payment_method_details: { type: "card"; card: { brand: string; last4: string; exp_month: number; exp_year: number; fingerprint: string; funding: "credit" } };
  metadata: Record<string, string>;
  created: number;
  livemode: false;
}

/** Stripe's test card for a successful payment (https://docs.stripe.com/testing#cards). */
const DEFAULT_TEST_CARD = "4242424242424242";

/**
 * What the stand-in reports as `card.fingerprint`: like Stripe's, 16 characters that are the same for
 * one card number on every charge and differ between numbers; the number itself is not recoverable.
 */
export function standinCardFingerprint(cardNumber: string): string {
  const digest = createHash("sha256").update(`stand-in-card:${cardNumber.replace(/[\s-]/g, "")}`).digest();
  let out = "";
  for (const b of digest.subarray(0, 16)) out += ALNUM[b % ALNUM.length];
  return out;
}

interface StandinCall {
  method: string;
  /** Path without the query string, e.g. /v1/payment_intents. */
  path: string;
  /** Decoded form body (POST) or query (GET), brackets expanded into objects. */
  params: Record<string, unknown>;
  idempotencyKey: string | null;
  /** HTTP status sent (0 when the response was dropped on purpose). */
  status: number;
  /** true when the response was replayed from an earlier request with the same Idempotency-Key. */
  replayed: boolean;
}

export interface StripeStandin {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly protocol: "http";
  /** Every request received, in order. */
  readonly calls: StandinCall[];
  readonly paymentIntents: Map<string, StandinPaymentIntent>;
  readonly refunds: Map<string, StandinRefund>;
  readonly charges: Map<string, StandinCharge>;
  /** PaymentIntents actually created (idempotent replays don't count). */
  readonly createCount: number;
  /** Moves a PaymentIntent to a status, as the shopper / Stripe would. */
  setStatus(
    piId: string,
    status: StandinPaymentIntentStatus,
    opts?: { nextActionType?: string; lastPaymentError?: { type: string; code?: string; message: string }; /** The card a success was paid with (default 4242 4242 4242 4242). */ card?: string },
  ): StandinPaymentIntent;
  /** The next `n` requests are processed normally but their connection is destroyed instead of answered. */
  dropNextResponses(n: number): void;
  /** A Stripe event envelope for the current state of a PaymentIntent (or its charge), for webhooks. */
  event(type: string, piId: string, opts?: { id?: string; created?: number }): Record<string, unknown>;
  close(): Promise<void>;
}

const THREE_DECIMAL = new Set(["bhd", "jod", "kwd", "omr", "tnd"]);
const WHOLE_UNITS_IN_CENTS = new Set(["isk", "ugx"]);
const CANCELABLE = new Set(["requires_payment_method", "requires_capture", "requires_confirmation", "requires_action", "processing"]);

const ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
function rand(n: number): string {
  let s = "";
  for (const b of randomBytes(n)) s += ALNUM[b % ALNUM.length];
  return s;
}
const now = () => Math.floor(Date.now() / 1000);

class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: { type: string; message: string; code?: string; param?: string; [k: string]: unknown },
  ) {
    super(body.message);
  }
}
function invalid(message: string, extra: { code?: string; param?: string; [k: string]: unknown } = {}) {
  return new StripeApiError(400, { type: "invalid_request_error", message, ...extra });
}

/** Decodes `a[b][c]=v&arr[0]=x` (the SDK's encoding) into nested objects / arrays. */
export function decodeStripeForm(body: string): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [rawKey, value] of new URLSearchParams(body)) {
    const m = /^([^[\]]+)((?:\[[^\]]*\])*)$/.exec(rawKey);
    if (!m) {
      root[rawKey] = value;
      continue;
    }
    const path = [m[1], ...[...m[2].matchAll(/\[([^\]]*)\]/g)].map((x) => x[1])];
    let node: Record<string, unknown> = root;
    for (let i = 0; i < path.length - 1; i++) {
      const next = node[path[i]];
      if (next === null || typeof next !== "object") node[path[i]] = {};
      node = node[path[i]] as Record<string, unknown>;
    }
    node[path[path.length - 1]] = value;
  }
  return arrayify(root) as Record<string, unknown>;
}
function arrayify(v: unknown): unknown {
  if (v === null || typeof v !== "object") return v;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o);
  for (const k of keys) o[k] = arrayify(o[k]);
  if (keys.length > 0 && keys.every((k, i) => k === String(i))) return keys.map((k) => o[k]);
  return o;
}

function canonical(v: unknown): string {
  if (v === null || typeof v !== "object") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
    .join(",")}}`;
}

function parseAmount(raw: unknown, currency: string, required: boolean): number | null {
  if (raw === undefined) {
    if (required) throw invalid("Missing required param: amount.", { code: "parameter_missing", param: "amount" });
    return null;
  }
  if (typeof raw !== "string" || !/^\d+$/.test(raw)) {
    throw invalid(`Invalid integer: ${String(raw)}`, { code: "parameter_invalid_integer", param: "amount" });
  }
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 1) {
    throw invalid("Amount must be at least 1.", { code: "amount_too_small", param: "amount" });
  }
  if (THREE_DECIMAL.has(currency) && n % 10 !== 0) {
    throw invalid(
      `Invalid amount for ${currency.toUpperCase()}: three-decimal currencies must be sent in thousandths with 0 as the last digit (got ${n}).`,
      { code: "parameter_invalid_integer", param: "amount" },
    );
  }
  if (WHOLE_UNITS_IN_CENTS.has(currency) && n % 100 !== 0) {
    throw invalid(
      `Invalid amount for ${currency.toUpperCase()}: it is two-decimal in the API and the decimal part must be 00 (got ${n}).`,
      { code: "parameter_invalid_integer", param: "amount" },
    );
  }
  return n;
}

function parseCurrency(raw: unknown): string {
  if (raw === undefined) throw invalid("Missing required param: currency.", { code: "parameter_missing", param: "currency" });
  if (typeof raw !== "string" || !/^[a-z]{3}$/.test(raw)) {
    throw invalid(`Invalid currency: ${String(raw)}. Use a lower-case three-letter ISO code.`, {
      code: "parameter_invalid_string",
      param: "currency",
    });
  }
  return raw;
}

function stringRecord(raw: unknown, param: string): Record<string, string> {
  if (raw === undefined || raw === "") return {};
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) throw invalid(`Invalid object`, { param });
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (typeof v !== "string") throw invalid(`Invalid ${param}[${k}]`, { param: `${param}[${k}]` });
    out[k] = v;
  }
  return out;
}

export async function startStripeStandin(opts: { host?: string; port?: number } = {}): Promise<StripeStandin> {
  const host = opts.host ?? "127.0.0.1";
  const calls: StandinCall[] = [];
  const paymentIntents = new Map<string, StandinPaymentIntent>();
  const refunds = new Map<string, StandinRefund>();
  const charges = new Map<string, StandinCharge>();
  const refundedByPi = new Map<string, number>();
  const idempotency = new Map<string, { method: string; path: string; params: string; status: number; body: string }>();
  let createCount = 0;
  let drop = 0;

  function getPi(id: string, param = "intent"): StandinPaymentIntent {
    const pi = paymentIntents.get(id);
    if (!pi) throw new StripeApiError(404, { type: "invalid_request_error", code: "resource_missing", param, message: `No such payment_intent: '${id}'` });
    return pi;
  }

  function createPaymentIntent(p: Record<string, unknown>): StandinPaymentIntent {
    const currency = parseCurrency(p.currency);
    const amount = parseAmount(p.amount, currency, true)!;
    const apm = p.automatic_payment_methods as Record<string, unknown> | undefined;
    const id = `pi_${rand(24)}`;
    const pi: StandinPaymentIntent = {
      id,
      object: "payment_intent",
      amount,
      amount_received: 0,
      currency,
      status: "requires_payment_method",
      client_secret: `${id}_secret_${rand(25)}`,
      metadata: stringRecord(p.metadata, "metadata"),
      created: now(),
      description: typeof p.description === "string" ? p.description : null,
      receipt_email: typeof p.receipt_email === "string" ? p.receipt_email : null,
      automatic_payment_methods: apm ? { enabled: apm.enabled === "true" } : null,
      next_action: null,
      last_payment_error: null,
      latest_charge: null,
      canceled_at: null,
      cancellation_reason: null,
      livemode: false,
    };
    paymentIntents.set(id, pi);
    createCount++;
    return pi;
  }

  function cancelPaymentIntent(id: string, p: Record<string, unknown>): StandinPaymentIntent {
    const pi = getPi(id);
    if (!CANCELABLE.has(pi.status)) {
      throw invalid(
        `You cannot cancel this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be canceled: ${[...CANCELABLE].join(", ")}.`,
        { code: "payment_intent_unexpected_state", payment_intent: structuredClone(pi) },
      );
    }
    pi.status = "canceled";
    pi.next_action = null;
    pi.canceled_at = now();
    pi.cancellation_reason = typeof p.cancellation_reason === "string" ? p.cancellation_reason : null;
    return pi;
  }

  function createRefund(p: Record<string, unknown>): StandinRefund {
    if (typeof p.payment_intent !== "string") {
      throw invalid("Missing required param: payment_intent.", { code: "parameter_missing", param: "payment_intent" });
    }
    const pi = getPi(p.payment_intent, "payment_intent");
    if (pi.status !== "succeeded" || !pi.latest_charge) {
      throw invalid(`This PaymentIntent (${pi.id}) does not have a successful charge to refund.`, { code: "charge_not_refundable" });
    }
    const already = refundedByPi.get(pi.id) ?? 0;
    const remaining = pi.amount_received - already;
    const amount = parseAmount(p.amount, pi.currency, false) ?? remaining;
    if (amount > remaining) {
      throw invalid(`Refund amount (${amount}) is greater than unrefunded amount on charge (${remaining})`, {
        code: "amount_too_large",
        param: "amount",
      });
    }
    const refund: StandinRefund = {
      id: `re_${rand(24)}`,
      object: "refund",
      amount,
      currency: pi.currency,
      payment_intent: pi.id,
      charge: pi.latest_charge,
      status: "succeeded",
      reason: typeof p.reason === "string" ? p.reason : null,
      metadata: stringRecord(p.metadata, "metadata"),
      created: now(),
    };
    refunds.set(refund.id, refund);
    refundedByPi.set(pi.id, already + amount);
    return refund;
  }

  function route(method: string, path: string, params: Record<string, unknown>): { status: number; body: unknown } {
    let m: RegExpExecArray | null;
    if (method === "POST" && path === "/v1/payment_intents") return { status: 200, body: createPaymentIntent(params) };
    if (method === "GET" && (m = /^\/v1\/payment_intents\/([^/]+)$/.exec(path))) {
      const pi = getPi(decodeURIComponent(m[1]));
      const expand = Array.isArray(params.expand) ? params.expand : [params.expand];
      if (!expand.includes("latest_charge") || !pi.latest_charge) return { status: 200, body: pi };
      return { status: 200, body: { ...pi, latest_charge: charges.get(pi.latest_charge) ?? pi.latest_charge } };
    }
    if (method === "GET" && (m = /^\/v1\/charges\/([^/]+)$/.exec(path))) {
      const c = charges.get(decodeURIComponent(m[1]));
      if (!c) throw new StripeApiError(404, { type: "invalid_request_error", code: "resource_missing", param: "id", message: `No such charge: '${m[1]}'` });
      return { status: 200, body: c };
    }
    if (method === "POST" && (m = /^\/v1\/payment_intents\/([^/]+)\/cancel$/.exec(path))) {
      return { status: 200, body: cancelPaymentIntent(decodeURIComponent(m[1]), params) };
    }
    if (method === "POST" && path === "/v1/refunds") return { status: 200, body: createRefund(params) };
    if (method === "GET" && (m = /^\/v1\/refunds\/([^/]+)$/.exec(path))) {
      const r = refunds.get(decodeURIComponent(m[1]));
      if (!r) throw new StripeApiError(404, { type: "invalid_request_error", code: "resource_missing", param: "id", message: `No such refund: '${m[1]}'` });
      return { status: 200, body: r };
    }
    throw new StripeApiError(404, { type: "invalid_request_error", message: `Unrecognized request URL (${method}: ${path}).` });
  }

  function handle(req: IncomingMessage, res: ServerResponse, rawBody: string) {
    const url = new URL(req.url ?? "/", "http://standin");
    const method = (req.method ?? "GET").toUpperCase();
    const path = url.pathname;
    const params = method === "GET" ? decodeStripeForm(url.search.slice(1)) : decodeStripeForm(rawBody);
    const idemHeader = req.headers["idempotency-key"];
    const idempotencyKey = typeof idemHeader === "string" && idemHeader !== "" ? idemHeader : null;
    const call: StandinCall = { method, path, params, idempotencyKey, status: 0, replayed: false };
    calls.push(call);

    const headers: Record<string, string> = {
      "Content-Type": "application/json",
      "Request-Id": `req_${rand(14)}`,
      "Stripe-Version": String(req.headers["stripe-version"] ?? ""),
    };
    if (idempotencyKey) headers["Idempotency-Key"] = idempotencyKey;

    const send = (status: number, body: string) => {
      if (drop > 0) {
        drop--;
        call.status = 0;
        req.socket.destroy();
        return;
      }
      call.status = status;
      res.writeHead(status, headers);
      res.end(body);
    };

    const auth = req.headers.authorization;
    if (!auth || !/^Bearer \S+/.test(auth)) {
      return send(
        401,
        JSON.stringify({ error: { type: "invalid_request_error", message: "You did not provide an API key. Provide it in the Authorization header (Bearer auth)." } }),
      );
    }

    const canonicalParams = canonical(params);
    if (idempotencyKey && method === "POST") {
      const saved = idempotency.get(idempotencyKey);
      if (saved) {
        if (saved.method !== method || saved.path !== path) {
          return send(
            400,
            JSON.stringify({
              error: {
                type: "idempotency_error",
                message: `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${saved.method} ${saved.path}' vs '${method} ${path}').`,
              },
            }),
          );
        }
        if (saved.params !== canonicalParams) {
          return send(
            400,
            JSON.stringify({
              error: {
                type: "idempotency_error",
                message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
              },
            }),
          );
        }
        headers["Idempotent-Replayed"] = "true";
        call.replayed = true;
        return send(saved.status, saved.body);
      }
    }

    try {
      const out = route(method, path, params);
      const body = JSON.stringify(out.body);
      if (idempotencyKey && method === "POST") {
        idempotency.set(idempotencyKey, { method, path, params: canonicalParams, status: out.status, body });
      }
      return send(out.status, body);
    } catch (err) {
      if (err instanceof StripeApiError) return send(err.status, JSON.stringify({ error: err.body }));
      return send(500, JSON.stringify({ error: { type: "api_error", message: err instanceof Error ? err.message : String(err) } }));
    }
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => handle(req, res, Buffer.concat(chunks).toString("utf8")));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://${host}:${port}`,
    host,
    port,
    protocol: "http",
    calls,
    paymentIntents,
    refunds,
    charges,
    get createCount() {
      return createCount;
    },
    setStatus(piId, status, o = {}) {
      const pi = paymentIntents.get(piId);
      if (!pi) throw new Error(`stand-in: no PaymentIntent ${piId}`);
      pi.status = status;
      pi.next_action = null;
      if (status === "requires_action") {
        const type = o.nextActionType ?? "redirect_to_url";
        pi.next_action =
          type === "redirect_to_url"
            ? { type, redirect_to_url: { url: "https://hooks.stripe.test/redirect", return_url: null } }
            : { type, [type]: { hosted_voucher_url: `https://payments.stripe.test/voucher/${pi.id}`, expires_at: now() + 3 * 86400 } };
      }
      if (status === "succeeded") {
        pi.amount_received = pi.amount;
        pi.latest_charge ??= `ch_${rand(24)}`;
        pi.last_payment_error = null;
        const card = (o.card ?? DEFAULT_TEST_CARD).replace(/[\s-]/g, "");
        charges.set(pi.latest_charge, {
          id: pi.latest_charge,
          object: "charge",
          amount: pi.amount,
          amount_captured: pi.amount,
          currency: pi.currency,
          payment_intent: pi.id,
          status: "succeeded",
          paid: true,
          payment_method_details: { type: "card", card: { brand: card.startsWith("5") ? "mastercard" : "visa", last4: card.slice(-4), exp_month: 12, exp_year: 2034, fingerprint: standinCardFingerprint(card), funding: "credit" } },
          metadata: { ...pi.metadata },
          created: now(),
          livemode: false,
        });
      }
      if (status === "canceled") pi.canceled_at ??= now();
      if (status === "requires_payment_method" && o.lastPaymentError) pi.last_payment_error = o.lastPaymentError;
      return pi;
    },
    dropNextResponses(n) {
      drop = n;
    },
    event(type, piId, o = {}) {
      const pi = paymentIntents.get(piId);
      if (!pi) throw new Error(`stand-in: no PaymentIntent ${piId}`);
      let object: Record<string, unknown> = structuredClone(pi) as unknown as Record<string, unknown>;
      if (type.startsWith("charge.")) {
        const refunded = refundedByPi.get(pi.id) ?? 0;
        object = {
          id: pi.latest_charge ?? `ch_${rand(24)}`,
          object: "charge",
          amount: pi.amount,
          amount_captured: pi.amount_received,
          amount_refunded: refunded,
          refunded: refunded > 0 && refunded >= pi.amount_received,
          currency: pi.currency,
          payment_intent: pi.id,
          metadata: { ...pi.metadata },
          status: "succeeded",
          paid: true,
          created: pi.created,
          livemode: false,
        };
      }
      return {
        id: o.id ?? `evt_${rand(24)}`,
        object: "event",
        api_version: "2025-01-01",
        created: o.created ?? now(),
        data: { object },
        livemode: false,
        pending_webhooks: 1,
        request: { id: null, idempotency_key: null },
        type,
      };
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/**
 * A webhook body and its Stripe-Signature header, signed with `secret` through the SDK's own
 * `stripe.webhooks.generateTestHeaderString` (no network). `timestamp` is Unix seconds.
 */
export function signedWebhook(payload: object, secret: string, opts: { timestamp?: number } = {}): { body: string; header: string } {
  const body = JSON.stringify(payload, null, 2);
  const header = Stripe.webhooks.generateTestHeaderString({ payload: body, secret, timestamp: opts.timestamp });
  return { body, header };
}
