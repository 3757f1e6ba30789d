/** PaymentProvider contract (issue #3). Amounts are bigint minor units in ISO 4217 exponents. */
export interface CreatePaymentInput {
  /** Harbor's payment id (pay_…); stored in provider metadata so webhooks can be matched. */
  paymentId: string;
  amount: bigint;
  currency: string;
  /** One per attempt; a retried request with the same key must not create a second charge. */
  idempotencyKey: string;
  email?: string | null;
  description?: string;
  /** Where the provider sends the shopper back (demo page, redirect-based methods). */
  returnUrl: string;
}

export interface CreatedPayment {
  providerRef: string;
  /** Stripe PaymentIntent client secret for the Payment Element. */
  clientSecret?: string | null;
  /** Demo provider: the test payment page. */
  redirectUrl?: string | null;
}

export const PAYMENT_PROVIDERS = ["stripe", "demo"] as const;
type PaymentProviderName = (typeof PAYMENT_PROVIDERS)[number];
export const PAYMENT_STATUSES = ["requires_payment", "pending", "succeeded", "failed", "canceled"] as const;
export type ProviderPaymentStatus = (typeof PAYMENT_STATUSES)[number];

export interface PaymentProvider {
  readonly name: PaymentProviderName;
  createPayment(input: CreatePaymentInput): Promise<CreatedPayment>;
  /** Current status at the provider (return page polls this; webhooks push it). */
  retrieveStatus(providerRef: string): Promise<ProviderPaymentStatus>;
  refund(input: { providerRef: string; amount: bigint; currency: string; idempotencyKey: string }): Promise<{ refundRef: string }>;
  cancel(providerRef: string): Promise<void>;
  /**
   * The provider's fingerprint of the card a succeeded payment was charged to (the same card gives the
   * same value across customers), for fraud checks; null when the payment was not made by card.
   */
  cardFingerprint(providerRef: string): Promise<string | null>;
}
