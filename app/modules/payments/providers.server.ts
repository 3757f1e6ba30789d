/**
 * Which PaymentProvider this process uses: Stripe when STRIPE_SECRET_KEY is set, else the demo (only
 * on the embedded database or with HARBOR_DEMO_PAYMENTS=1).
 * STRIPE_API_HOST / STRIPE_API_PORT / STRIPE_API_PROTOCOL point the SDK elsewhere (a local stand-in
 * in tests); the env module refuses plain http in production.
 */
import { getEnv, type PaymentsEnv } from "~/lib/env.server";
import { BoundedMap } from "~/lib/bounded-map";
import { UserError } from "~/lib/errors";
import { createDemoProvider } from "./demo.server";
import type { PaymentProvider } from "./payments";
import { createStripeProvider, type StripeProviderOptions } from "./stripe.server";

// One per configuration (tests switch between a few): bounded like every in-process cache.
const cache = new BoundedMap<string, PaymentProvider>(8);

function stripeOptions(config: PaymentsEnv): StripeProviderOptions | null {
  if (!config.stripeSecretKey) return null;
  const { host, port, protocol } = config.stripeApi;
  return {
    secretKey: config.stripeSecretKey,
    ...(host ? { host } : {}),
    ...(port ? { port } : {}),
    ...(protocol ? { protocol } : {}),
  };
}

export function getPaymentProvider(config: PaymentsEnv = getEnv().payments): PaymentProvider {
  const stripe = stripeOptions(config);
  const key = stripe ? `stripe|${stripe.secretKey}|${stripe.host ?? ""}|${stripe.port ?? ""}|${stripe.protocol ?? ""}` : "demo";
  // A deployment on PostgreSQL without Stripe must not take orders through a page where anyone clicks "paid".
  if (!stripe && !config.demoAllowed) throw new UserError("payment_unavailable", "Payments are not configured for this store.", 409);
  let provider = cache.get(key);
  if (!provider) {
    provider = stripe ? createStripeProvider(stripe) : createDemoProvider({});
    cache.set(key, provider);
  }
  return provider;
}

/** The webhook signing secret (whsec_…), or null when Stripe webhooks are not configured. */
export function getStripeWebhookSecret(config: PaymentsEnv = getEnv().payments): string | null {
  return config.stripeWebhookSecret;
}
