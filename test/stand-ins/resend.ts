import { createHash, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local stand-in for the Resend API, speaking its wire format, for tests and offline e2e runs.
 * Point the real SDK at it with RESEND_BASE_URL=<url> (or `new Resend(key, { baseUrl })`).
 *
 *   POST /emails        Bearer auth, optional Idempotency-Key → 200 { id }
 *                       same key + same body → same id; same key + other body → 409 invalid_idempotent_request
 *   POST /emails/batch  up to 100 messages → 200 { data: [{ id }] }; Idempotency-Key replays as on /emails
 *   GET  /emails/:id    → the stored message
 * Errors use Resend's shape: { statusCode, message, name }.
 */

interface StandinEmail {
  id: string;
  from: string;
  to: string | string[];
  subject: string;
  html?: string;
  text?: string;
  tags?: { name: string; value: string }[];
  /** Custom headers (`headers` of the send call), e.g. List-Unsubscribe. */
  headers?: Record<string, string>;
  idempotencyKey: string | null;
  createdAt: string;
}

interface StandinRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  status: number;
}

export interface ResendStandin {
  url: string;
  apiKey: string;
  /** Every request received, in order (including rejected ones). */
  requests: StandinRequest[];
  /** Delivered messages by id. */
  emails: Map<string, StandinEmail>;
  /** The next `times` sends answer 429 rate_limit_exceeded with `retry-after: retryAfterSeconds`. */
  rateLimitNext(opts?: { retryAfterSeconds?: number; times?: number }): void;
  /** The next `times` sends answer with this status (e.g. 500) and error name. */
  failNext(status: number, name?: string, times?: number): void;
  reset(): void;
  close(): Promise<void>;
}

type Pending = { status: number; name: string; message: string; retryAfter?: number; remaining: number };

function errorBody(statusCode: number, name: string, message: string) {
  return { statusCode, message, name };
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function validateEmail(e: unknown): string | null {
  if (!e || typeof e !== "object") return "Invalid body";
  const m = e as Record<string, unknown>;
  for (const field of ["from", "to", "subject"] as const) {
    if (m[field] === undefined || m[field] === null || m[field] === "") return `Missing \`${field}\` field.`;
  }
  if (!m.html && !m.text && !m.template) return "Missing `html` or `text` field.";
  if (typeof m.from !== "string" || !/@/.test(m.from)) return "Invalid `from` field. The email address needs to follow the `email@example.com` or `Name <email@example.com>` format.";
  return null;
}

export async function startResendStandin(opts: { apiKey?: string; port?: number } = {}): Promise<ResendStandin> {
  const apiKey = opts.apiKey ?? "re_test_standin";
  const requests: StandinRequest[] = [];
  const emails = new Map<string, StandinEmail>();
  const idempotency = new Map<string, { hash: string; response: unknown }>();
  const pending: Pending[] = [];

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const raw = await readBody(req);
    let body: unknown = null;
    try {
      body = raw ? JSON.parse(raw) : null;
    } catch {
      body = raw;
    }
    const record: StandinRequest = { method: req.method ?? "GET", path: url.pathname, headers: req.headers, body, status: 0 };
    requests.push(record);
    const reply = (status: number, payload: unknown, headers?: Record<string, string>) => {
      record.status = status;
      send(res, status, payload, headers);
    };

    const auth = req.headers.authorization;
    if (!auth) return reply(401, errorBody(401, "missing_api_key", "Missing API key in the authorization header. Include the following header in your request: Authorization: Bearer YOUR_API_KEY"));
    if (auth !== `Bearer ${apiKey}`) return reply(403, errorBody(403, "invalid_api_key", "API key is invalid"));

    const isSend = req.method === "POST" && (url.pathname === "/emails" || url.pathname === "/emails/batch");
    if (isSend && pending.length) {
      const p = pending[0]!;
      if (--p.remaining <= 0) pending.shift();
      const headers: Record<string, string> = {};
      if (p.retryAfter !== undefined) {
        headers["retry-after"] = String(p.retryAfter);
        headers["ratelimit-limit"] = "2";
        headers["ratelimit-remaining"] = "0";
        headers["ratelimit-reset"] = String(p.retryAfter);
      }
      return reply(p.status, errorBody(p.status, p.name, p.message), headers);
    }

    if (req.method === "POST" && url.pathname === "/emails") {
      const key = typeof req.headers["idempotency-key"] === "string" ? req.headers["idempotency-key"] : null;
      if (key !== null && (key.length < 1 || key.length > 256)) {
        return reply(400, errorBody(400, "invalid_idempotency_key", "The key must be between 1-256 chars."));
      }
      const hash = createHash("sha256").update(raw).digest("hex");
      if (key) {
        const seen = idempotency.get(key);
        if (seen && seen.hash !== hash) {
          return reply(409, errorBody(409, "invalid_idempotent_request", "Same idempotency key used with a different request payload. Change your idempotency key or payload."));
        }
        if (seen) return reply(200, seen.response);
      }
      const invalid = validateEmail(body);
      if (invalid) return reply(422, errorBody(422, "validation_error", invalid));
      const m = body as Record<string, unknown>;
      const id = randomUUID();
      emails.set(id, {
        id,
        from: m.from as string,
        to: m.to as string | string[],
        subject: m.subject as string,
        html: m.html as string | undefined,
        text: m.text as string | undefined,
        tags: m.tags as StandinEmail["tags"],
        headers: m.headers as StandinEmail["headers"],
        idempotencyKey: key,
        createdAt: new Date().toISOString(),
      });
      const response = { id };
      if (key) idempotency.set(key, { hash, response });
      return reply(200, response);
    }

    if (req.method === "POST" && url.pathname === "/emails/batch") {
      // Idempotency keys work on the batch endpoint as on /emails (keyed per endpoint, as Resend does).
      const key = typeof req.headers["idempotency-key"] === "string" ? req.headers["idempotency-key"] : null;
      if (key !== null && (key.length < 1 || key.length > 256)) {
        return reply(400, errorBody(400, "invalid_idempotency_key", "The key must be between 1-256 chars."));
      }
      const hash = createHash("sha256").update(raw).digest("hex");
      const seen = key ? idempotency.get(`batch:${key}`) : undefined;
      if (seen && seen.hash !== hash) {
        return reply(409, errorBody(409, "invalid_idempotent_request", "Same idempotency key used with a different request payload. Change your idempotency key or payload."));
      }
      if (seen) return reply(200, seen.response);
      if (!Array.isArray(body)) return reply(422, errorBody(422, "validation_error", "Request body must be an array of emails."));
      if (body.length > 100) return reply(422, errorBody(422, "validation_error", "Too many emails: the limit is 100 per batch."));
      for (const e of body) {
        const invalid = validateEmail(e);
        if (invalid) return reply(422, errorBody(422, "validation_error", invalid));
      }
      const data = body.map((e: Record<string, unknown>) => {
        const id = randomUUID();
        emails.set(id, {
          id,
          from: e.from as string,
          to: e.to as string | string[],
          subject: e.subject as string,
          html: e.html as string | undefined,
          text: e.text as string | undefined,
          tags: e.tags as StandinEmail["tags"],
          headers: e.headers as StandinEmail["headers"],
          idempotencyKey: key,
          createdAt: new Date().toISOString(),
        });
        return { id };
      });
      if (key) idempotency.set(`batch:${key}`, { hash, response: { data } });
      return reply(200, { data });
    }

    const get = req.method === "GET" ? /^\/emails\/([^/]+)$/.exec(url.pathname) : null;
    if (get) {
      const e = emails.get(decodeURIComponent(get[1]!));
      if (!e) return reply(404, errorBody(404, "not_found", "Email not found"));
      return reply(200, {
        object: "email",
        id: e.id,
        from: e.from,
        to: Array.isArray(e.to) ? e.to : [e.to],
        subject: e.subject,
        html: e.html ?? null,
        text: e.text ?? null,
        created_at: e.createdAt,
        last_event: "delivered",
      });
    }

    return reply(405, errorBody(405, "method_not_allowed", "Method not allowed"));
  });

  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    requests,
    emails,
    rateLimitNext({ retryAfterSeconds = 1, times = 1 } = {}) {
      pending.push({
        status: 429,
        name: "rate_limit_exceeded",
        message: "Too many requests. You can only make 2 requests per second. See rate limit response headers for more information.",
        retryAfter: retryAfterSeconds,
        remaining: times,
      });
    },
    failNext(status, name = "internal_server_error", times = 1) {
      pending.push({ status, name, message: `Stand-in failure ${status}`, remaining: times });
    },
    reset() {
      requests.length = 0;
      emails.clear();
      idempotency.clear();
      pending.length = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections?.();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

// Run on its own: `tsx test/stand-ins/resend.ts [port]`, then start a development server with
// RESEND_BASE_URL=<its url> (production refuses a plain-http RESEND_BASE_URL).
if (import.meta.url === `file://${process.argv[1]}`) {
  const port = Number(process.argv[2] ?? 3025);
  const s = await startResendStandin({ port, apiKey: process.env.RESEND_API_KEY || undefined });
  console.log(`[resend stand-in] ${s.url} (api key ${s.apiKey})`);
}
