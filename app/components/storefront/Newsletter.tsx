import { useFetcher, useLocation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { Button } from "~/components/ui/Button";
import { Field } from "~/components/ui/Field";
import { Input } from "~/components/ui/Input";
import { useLocale, useT } from "~/lib/i18n";
import { userErrorMessage, type ShownUserError } from "~/lib/user-error-message";
import { consentTextId, HONEYPOT_FIELD } from "~/modules/contacts/consent";

/** What the newsletter route answers a sign-up: the same for every address, or the refusal. */
export type NewsletterReply = { ok: true; doubleOptIn: boolean } | { ok: false; error: ShownUserError };

/** The result of a sign-up, as a status line (pending confirmation or subscribed) or an alert. */
export function NewsletterResult({ reply }: { reply: NewsletterReply | undefined }) {
  const t = useT();
  if (!reply) return null;
  if (!reply.ok)
    return (
      <p role="alert" className="mt-2 text-sm text-red-800" data-testid="newsletter-error">
        {reply.error.code === "invalid_email" ? t("newsletter.invalidEmail") : userErrorMessage(t, reply.error)}
      </p>
    );
  return (
    <p role="status" className="mt-2 text-sm text-emerald-900" data-testid="newsletter-thanks">
      {reply.doubleOptIn ? t("newsletter.thanksPending") : t("newsletter.thanksSubscribed")}
    </p>
  );
}

/**
 * The sign-up form (footer, popup, the newsletter page). A plain POST to /{market}/newsletter, so it
 * works without JavaScript; with it, the answer shows in place. The consent wording is shown next to
 * the button and its id is posted, so the record names exactly what the visitor read.
 */
export function NewsletterForm({ market, source, idPrefix, onSignedUp }: { market: string; source: "footer" | "popup" | "page"; idPrefix: string; onSignedUp?: () => void }) {
  const t = useT();
  const { language } = useLocale();
  const fetcher = useFetcher<NewsletterReply>();
  const reply = fetcher.data;
  useEffect(() => {
    if (reply?.ok) onSignedUp?.();
  }, [reply, onSignedUp]);
  return (
    <fetcher.Form method="post" action={`/${market}/newsletter`} className="space-y-2" data-testid={`newsletter-form-${source}`}>
      <input type="hidden" name="source" value={source === "page" ? "footer" : source} />
      <input type="hidden" name="consentTextId" value={consentTextId(language)} />
      {/* The honeypot: off screen and out of the tab order; people leave it empty, form-filling bots do not. */}
      <div className="absolute -left-[9999px] h-px w-px overflow-hidden" aria-hidden="true">
        <label htmlFor={`${idPrefix}-${HONEYPOT_FIELD}`}>{t("newsletter.honeypot")}</label>
        <input id={`${idPrefix}-${HONEYPOT_FIELD}`} name={HONEYPOT_FIELD} type="text" tabIndex={-1} autoComplete="off" />
      </div>
      <Field id={`${idPrefix}-email`} label={t("newsletter.email")} description={t("newsletter.consentText")} required>
        {(aria) => <Input {...aria} name="email" type="email" autoComplete="email" required block />}
      </Field>
      <Button type="submit" variant="dark" size="sm" disabled={fetcher.state !== "idle"} data-testid={`newsletter-submit-${source}`}>
        {t("newsletter.submit")}
      </Button>
      <NewsletterResult reply={reply} />
    </fetcher.Form>
  );
}

/** The checkout's marketing checkbox: never ticked by the store; `checked` is only the shopper's own earlier choice for this cart. */
export function MarketingOptIn({ checked }: { checked: boolean }) {
  const t = useT();
  return (
    <div className="flex items-start gap-2">
      <input id="marketing-opt-in" name="marketingOptIn" type="checkbox" defaultChecked={checked} className="mt-1 h-4 w-4" data-testid="marketing-opt-in" />
      <label htmlFor="marketing-opt-in" className="text-sm text-stone-800">
        {t("newsletter.consentText")}
      </label>
    </div>
  );
}

const OFFER_KEY = "harbor_signup_offer";
const OFFER_DELAY_MS = 4000;
// Never over a purchase or a form the visitor came for.
const NO_OFFER = /\/(checkout|pay|account|newsletter|orders)(\/|$)/;

function offerDismissed(): boolean {
  try {
    return window.localStorage.getItem(OFFER_KEY) !== null;
  } catch {
    return true;
  }
}

function rememberDismissal(): void {
  try {
    window.localStorage.setItem(OFFER_KEY, "dismissed");
  } catch {
    // Storage switched off: the offer may come back on the next page, which is all that is lost.
  }
}

/**
 * The sign-up offer ("10% off your first order"): a modal dialog a few seconds into a visit, shown
 * until dismissed (Escape, the close button, or signing up), and then never again in this browser. A
 * native <dialog> moves focus into it, keeps it there, and gives it back when it closes. Without
 * JavaScript it never appears; the footer form is there instead.
 */
export function SignUpOffer({ market }: { market: string }) {
  const t = useT();
  const { pathname } = useLocation();
  const dialog = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
  const excluded = NO_OFFER.test(pathname);
  useEffect(() => {
    if (excluded || offerDismissed()) return;
    const timer = window.setTimeout(() => setOpen(true), OFFER_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [excluded]);
  useEffect(() => {
    if (open && !dialog.current?.open) dialog.current?.showModal();
  }, [open]);
  const dismiss = () => {
    rememberDismissal();
    dialog.current?.close();
    setOpen(false);
  };
  if (!open || excluded) return null;
  return (
    <dialog
      ref={dialog}
      aria-labelledby="signup-offer-title"
      onCancel={(e) => {
        e.preventDefault();
        dismiss();
      }}
      className="m-auto w-full max-w-md rounded-lg bg-white p-6 text-start shadow-xl backdrop:bg-black/50"
      data-testid="signup-offer"
    >
      <h2 id="signup-offer-title" className="text-xl font-semibold">
        {t("newsletter.popup.title")}
      </h2>
      <p className="mt-2 mb-4 text-stone-700">{t("newsletter.popup.intro")}</p>
      <NewsletterForm market={market} source="popup" idPrefix="popup-newsletter" onSignedUp={rememberDismissal} />
      <div className="mt-4 flex justify-end gap-2">
        <button type="button" onClick={dismiss} className="rounded-md border border-stone-400 px-3 py-1.5 text-sm underline-offset-2 hover:underline" data-testid="signup-offer-close">
          {t("newsletter.popup.close")}
        </button>
      </div>
    </dialog>
  );
}
