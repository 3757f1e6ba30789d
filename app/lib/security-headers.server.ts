import { randomBytes } from "node:crypto";
import { STATUS_CODES } from "node:http";
import type { ErrorRequestHandler, RequestHandler } from "express";

export interface SecurityHeaderOptions {
  /** Stripe.js and its frames are allowed only when the store takes card payments through Stripe. */
  stripe: boolean;
  /** HSTS only in production: on a developer's http://localhost it would pin the name to https. */
  production: boolean;
  /** Vite's dev server talks to the page over a WebSocket for hot reload. */
  dev?: boolean;
}

// https://docs.stripe.com/security/guide#content-security-policy
const STRIPE = {
  script: ["https://js.stripe.com", "https://*.js.stripe.com"],
  frame: ["https://js.stripe.com", "https://*.js.stripe.com", "https://hooks.stripe.com"],
  connect: ["https://api.stripe.com"],
};

/** 128 random bits, the size the CSP spec recommends for a nonce (CSP3 §7.1). */
function newCspNonce(): string {
  return randomBytes(16).toString("base64");
}

function contentSecurityPolicy(nonce: string, o: SecurityHeaderOptions): string {
  const stripe = (list: string[]) => (o.stripe ? list : []);
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    // Remix's inline hydration scripts carry the per-request nonce; the modules they import are same-origin.
    "script-src": ["'self'", `'nonce-${nonce}'`, ...stripe(STRIPE.script)],
    // React renders `style` attributes (image aspect ratios, swatches); CSP cannot nonce attributes.
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'", ...stripe(STRIPE.connect), ...(o.dev ? ["ws:", "wss:"] : [])],
    "frame-src": o.stripe ? STRIPE.frame : ["'none'"],
    "frame-ancestors": ["'none'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(" ")}`)
    .join("; ");
}

function securityHeaders(nonce: string, o: SecurityHeaderOptions): Record<string, string> {
  return {
    "Content-Security-Policy": contentSecurityPolicy(nonce, o),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    // For browsers that predate CSP's frame-ancestors.
    "X-Frame-Options": "DENY",
    // Two years, as hstspreload.org requires for preloading.
    ...(o.production ? { "Strict-Transport-Security": "max-age=63072000; includeSubDomains" } : {}),
  };
}

/**
 * Express middleware, first in the chain so every answer (pages, API, static assets, errors) carries
 * the headers. The nonce goes to Remix through `res.locals.cspNonce` → load context.
 */
export function securityHeadersMiddleware(o: SecurityHeaderOptions): RequestHandler {
  return (_req, res, next) => {
    const nonce = newCspNonce();
    res.locals.cspNonce = nonce;
    res.set(securityHeaders(nonce, o));
    next();
  };
}

/**
 * Express's default error handler replaces the CSP with its own and drops frame-ancestors; this one
 * keeps the headers already set and answers with a plain status text.
 */
export const plainErrorHandler: ErrorRequestHandler = (err: unknown, _req, res, next) => {
  if (res.headersSent) return next(err);
  const status = typeof err === "object" && err && "status" in err && typeof err.status === "number" && err.status >= 400 && err.status < 600 ? err.status : 500;
  if (status >= 500) console.error(err);
  res.status(status).type("text/plain").send(STATUS_CODES[status] ?? "Error");
};
