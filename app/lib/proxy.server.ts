import type { Express } from "express";
import { CLIENT_IP_HEADER } from "./http.server";

/**
 * Express settings for the proxy in front of the app. With `trustProxy` (TRUST_PROXY) Express takes
 * the protocol, host and client IP from that proxy's X-Forwarded-* headers, so the Remix request URL
 * is https behind TLS termination (cookies get `Secure`) and rate limits count the real client.
 * The client IP is passed to the app in CLIENT_IP_HEADER, overwriting anything a client sent.
 */
export function applyProxySettings(
  app: Express,
  trustProxy: number | string[] | false,
): void {
  if (trustProxy !== false) app.set("trust proxy", trustProxy);
  app.use((req, _res, next) => {
    req.headers[CLIENT_IP_HEADER] = req.ip ?? req.socket.remoteAddress ?? "";
    next();
  });
}
