import { Form, Link, NavLink, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import type { ReactNode } from "react";
import { Button } from "~/components/ui/Button";
import { useT, type MessageKey } from "~/lib/i18n";
import { userErrorMessage, type ShownUserError } from "~/lib/user-error-message";

const NOTICES = ["signedOut", "signedOutEverywhere", "deleted", "verified", "passwordChanged", "signedIn"] as const;

/** The `?notice=` a redirect left for the next page, shown once as a status message. */
function AccountNotice() {
  const t = useT();
  const [params] = useSearchParams();
  const notice = params.get("notice");
  if (!notice || !(NOTICES as readonly string[]).includes(notice)) return null;
  return (
    <p role="status" className="mt-4 rounded-md bg-emerald-50 p-4 text-emerald-900" data-testid="account-notice">
      {t(`account.notice.${notice}` as MessageKey)}
    </p>
  );
}

/** A refusal from the server (rate limit, expired link, wrong password…), translated by its code. */
export function AccountError({ error }: { error: ShownUserError | null | undefined }) {
  const t = useT();
  if (!error) return null;
  return (
    <p role="alert" className="mt-4 rounded-md bg-red-50 p-4 text-red-900" data-testid="account-error">
      {userErrorMessage(t, error)}
    </p>
  );
}

/** Signed-out pages (sign in, sign up, reset): one narrow column. */
export function AccountAuthPage({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main id="main" className="mx-auto max-w-md px-4 py-10">
      <h1 className="text-3xl font-semibold">{title}</h1>
      <AccountNotice />
      {children}
    </main>
  );
}

/**
 * The page a single-use emailed link opens (`tokenConfirmLoader`/`tokenConfirmAction`): one button
 * that posts the token, or, once the server refused it, the refusal and a way to ask for a new link.
 */
export function TokenConfirmPage({ testId }: { testId: string }) {
  const { market, token, title } = useLoaderData<{ market: string; token: string; title: string }>();
  const actionData = useActionData<{ error?: { code: string; message: string } }>();
  const t = useT();
  return (
    <AccountAuthPage title={title}>
      <AccountError error={actionData?.error} />
      {actionData ? (
        <p className="mt-4">
          <Link to={`/${market}/account/sign-in`} className="underline">
            {t("account.verify.again")}
          </Link>
        </p>
      ) : (
        <Form method="post" className="mt-6">
          <input type="hidden" name="token" value={token} />
          <Button variant="dark" size="lg" data-testid={testId}>
            {title}
          </Button>
        </Form>
      )}
    </AccountAuthPage>
  );
}

const SECTIONS: { path: string; label: MessageKey }[] = [
  { path: "", label: "account.nav.orders" },
  { path: "/rewards", label: "account.nav.rewards" },
  { path: "/addresses", label: "account.nav.addresses" },
  { path: "/profile", label: "account.nav.profile" },
  { path: "/preferences", label: "account.nav.preferences" },
  { path: "/privacy", label: "account.nav.privacy" },
  { path: "/referrals", label: "referrals.account.nav" },
];

/** Signed-in pages: the account's navigation, sign-out buttons and the page. */
export function AccountPage({ market, title, children }: { market: string; title: string; children: ReactNode }) {
  const t = useT();
  return (
    <main id="main" className="mx-auto max-w-5xl px-4 py-10">
      <p className="text-sm font-semibold tracking-wide text-stone-700 uppercase">{t("account.nav.heading")}</p>
      <h1 className="mt-1 text-3xl font-semibold">{title}</h1>
      <AccountNotice />
      <div className="mt-6 grid gap-8 md:grid-cols-[14rem_1fr]">
        <div>
          <nav aria-label={t("account.nav.section")}>
            <ul className="space-y-1">
              {SECTIONS.map((s) => (
                <li key={s.path}>
                  <NavLink
                    to={`/${market}/account${s.path}`}
                    end
                    className={({ isActive }) => `block rounded-md px-3 py-2 hover:bg-stone-100 ${isActive ? "bg-white font-semibold" : ""}`}
                  >
                    {t(s.label)}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
          <Form method="post" action={`/${market}/account/sign-out`} className="mt-6 space-y-2">
            <Button name="intent" value="current" variant="outline" size="sm" block>
              {t("account.nav.signOut")}
            </Button>
            <Button name="intent" value="everywhere" variant="outline" size="sm" block>
              {t("account.nav.signOutEverywhere")}
            </Button>
          </Form>
        </div>
        <div>{children}</div>
      </div>
    </main>
  );
}
