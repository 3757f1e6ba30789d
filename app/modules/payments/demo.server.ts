/**
 * The offline demo PaymentProvider (no credentials needed): checkout sends the shopper to a clearly
 * labelled test-card page at /pay/demo/<paymentId>.
 *
 * It holds no state in memory, so any number of app nodes can serve it. The demo page updates the
 * payments table status directly (it is the "provider" that decides the outcome), so
 * retrieveStatus here answers "requires_payment" unless a `readStatus` reader is given that
 * tells it otherwise (e.g. one that reads the payments table by providerRef).
 */
import { createHash } from "node:crypto";
import { newId } from "~/lib/ids";
import type { CreatedPayment, CreatePaymentInput, PaymentProvider, ProviderPaymentStatus } from "./payments";

export interface DemoProviderOptions {
  /** Origin to prefix the demo page path with (e.g. https://shop.example.com); relative when absent. */
  baseUrl?: string;
  /** Optional: where the demo status lives (the payments table); null/undefined → "requires_payment". */
  readStatus?: (providerRef: string) => Promise<ProviderPaymentStatus | null | undefined>;
}

export function createDemoProvider(opts: DemoProviderOptions = {}): PaymentProvider {
  const base = (opts.baseUrl ?? "").replace(/\/+$/, "");
  return {
    name: "demo",

    async createPayment(input: CreatePaymentInput): Promise<CreatedPayment> {
      if (input.amount < 0n) throw new Error("Demo payments cannot be negative");
      return {
        providerRef: newId("demo"),
        clientSecret: null,
        redirectUrl: `${base}/pay/demo/${encodeURIComponent(input.paymentId)}`,
      };
    },

    async retrieveStatus(providerRef: string): Promise<ProviderPaymentStatus> {
      if (opts.readStatus) return (await opts.readStatus(providerRef)) ?? "requires_payment";
      return "requires_payment";
    },

    async refund(input): Promise<{ refundRef: string }> {
      if (input.amount <= 0n) throw new Error("Refund amount must be positive");
      return { refundRef: newId("demo_re") };
    },

    async cancel(): Promise<void> {
      // Nothing to release at a provider: the payments row is the only record.
    },

    async cardFingerprint(): Promise<string | null> {
      // The demo page records its card's fingerprint itself (`recordCardFingerprint`), before completing.
      return null;
    },
  };
}

/**
 * The demo page's stand-in for Stripe's card fingerprint: the same test card number gives the same
 * value on every payment, and the number itself is never stored.
 */
export function demoCardFingerprint(cardNumber: string): string | null {
  const digits = cardNumber.replace(/[\s-]/g, "");
  if (!/^\d{12,19}$/.test(digits)) return null;
  return `demo_${createHash("sha256").update(`harbor-demo-card:${digits}`).digest("hex").slice(0, 32)}`;
}
