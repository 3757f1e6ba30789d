import { useEffect, useRef, useState } from "react";
import { Button } from "~/components/ui/Button";
import { useT } from "~/lib/i18n";

type StripeJs = {
  elements(opts: { clientSecret: string; locale?: string }): { create(kind: "payment"): { mount(el: HTMLElement): void } };
  confirmPayment(opts: { elements: unknown; confirmParams: { return_url: string } }): Promise<{ error?: { message?: string } }>;
};
declare global {
  interface Window {
    Stripe?: (key: string) => StripeJs;
  }
}

/** Stripe's Payment Element (cards + the market's local methods), mounted from Stripe.js. */
export function StripePayment({ publishableKey, clientSecret, returnUrl, locale }: { publishableKey: string; clientSecret: string; returnUrl: string; locale: string }) {
  const t = useT();
  const ref = useRef<HTMLDivElement>(null);
  const [ready, setReady] = useState<{ stripe: StripeJs; elements: unknown } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    const start = () => {
      if (cancelled || !window.Stripe || !ref.current) return;
      const stripe = window.Stripe(publishableKey);
      const elements = stripe.elements({ clientSecret, locale });
      elements.create("payment").mount(ref.current);
      setReady({ stripe, elements });
    };
    if (window.Stripe) start();
    else {
      const s = document.createElement("script");
      s.src = "https://js.stripe.com/v3";
      s.onload = start;
      s.onerror = () => setError(t("checkout.stripeUnavailable"));
      document.head.appendChild(s);
    }
    return () => {
      cancelled = true;
    };
  }, [publishableKey, clientSecret, locale, t]);
  return (
    <div>
      <div ref={ref} id="payment-element" className="mt-3" />
      {error ? <p role="alert" className="mt-2 text-red-800">{error}</p> : null}
      <Button
        type="button"
        size="lg"
        block
        className="mt-4"
        disabled={!ready}
        onClick={async () => {
          if (!ready) return;
          const r = await ready.stripe.confirmPayment({ elements: ready.elements, confirmParams: { return_url: returnUrl } });
          if (r.error) setError(r.error.message ?? t("checkout.stripeUnavailable"));
        }}
      >
        {t("checkout.pay")}
      </Button>
    </div>
  );
}
