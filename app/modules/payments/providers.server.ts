/**
 * Which PaymentProvider this process uses: Stripe when STRIPE_SECRET_KEY is set, else the demo.
 * STRIPE_API_HOST / STRIPE_API_PORT / STRIPE_API_PROTOCOL point the SDK at a stand-in (tests).
 */
import { createDemoProvider } from "./demo.server";
import type { PaymentProvider } from "./payments";
import { createStripeProvider, type StripeProviderOptions } from "./stripe.server";

type EnvLike = Record<string, string | undefined>;

const cache = new Map<string, PaymentProvider>();

function stripeOptions(env: EnvLike): StripeProviderOptions | null {
  const secretKey = env.STRIPE_SECRET_KEY?.trim();
  if (!secretKey) return null;
  const opts: StripeProviderOptions = { secretKey };
  const host = env.STRIPE_API_HOST?.trim();
  if (host) opts.host = host;
  const port = env.STRIPE_API_PORT?.trim();
  if (port) {
    const n = Number(port);
    if (!Number.isInteger(n) || n < 1 || n > 65535) throw new Error(`STRIPE_API_PORT must be a port number, got "${port}"`);
    opts.port = n;
  }
  const protocol = env.STRIPE_API_PROTOCOL?.trim();
  if (protocol) {
    if (protocol !== "http" && protocol !== "https") throw new Error(`STRIPE_API_PROTOCOL must be http or https, got "${protocol}"`);
    opts.protocol = protocol;
  }
  return opts;
}

export function getPaymentProvider(env: EnvLike = process.env): PaymentProvider {
  const stripe = stripeOptions(env);
  const key = stripe ? `stripe|${stripe.secretKey}|${stripe.host ?? ""}|${stripe.port ?? ""}|${stripe.protocol ?? ""}` : "demo";
  let provider = cache.get(key);
  if (!provider) {
    provider = stripe ? createStripeProvider(stripe) : createDemoProvider({});
    cache.set(key, provider);
  }
  return provider;
}

/** The webhook signing secret (whsec_…), or null when Stripe webhooks are not configured. */
export function getStripeWebhookSecret(env: EnvLike = process.env): string | null {
  return env.STRIPE_WEBHOOK_SECRET?.trim() || null;
}
