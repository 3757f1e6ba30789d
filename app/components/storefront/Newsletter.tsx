import { useFetcher } from "@remix-run/react";
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
export function NewsletterForm({ market, source, idPrefix }: { market: string; source: "footer" | "popup" | "page"; idPrefix: string }) {
  const t = useT();
  const { language } = useLocale();
  const fetcher = useFetcher<NewsletterReply>();
  const reply = fetcher.data;
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
