import { readFormData } from "~/lib/http.server";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "~/lib/zod";
import { MoneyText } from "~/components/storefront/CartSummary";
import { Button } from "~/components/ui/Button";
import { useT, type MessageKey } from "~/lib/i18n";
import { createTranslator } from "~/lib/i18n.server";
import { toMoneyV2 } from "~/lib/money";
import { getEnv } from "~/lib/env.server";
import { cartFromRequest } from "~/modules/cart/cart-session.server";
import { canUseDemoPayment, completePayment, paymentReturnPath } from "~/modules/checkout/checkout.server";
import { getPayment, recordCardFingerprint } from "~/modules/payments/payments.server";
import { demoCardFingerprint } from "~/modules/payments/demo.server";
import { Field } from "~/components/ui/Field";
import { Input } from "~/components/ui/Input";
import { enqueue } from "~/modules/jobs/jobs.server";
import type { CheckoutSnapshot } from "~/modules/orders/orders";
import { intlLocale } from "~/modules/markets/markets";
import { getMarket } from "~/modules/markets/markets.server";
import { titleMeta } from "~/lib/seo";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [titleMeta(data?.title, matches), { name: "robots", content: "noindex" }];

/** The offline demo provider's payment page: clearly a test, no real money moves. */
async function demoPayment(request: Request, id: string | undefined, formToken?: FormDataEntryValue | null) {
  if (!getEnv().payments.demoAllowed) throw new Response("Not found", { status: 404 });
  const payment = await getPayment(id ?? "");
  if (!payment || payment.provider !== "demo") throw new Response("Not found", { status: 404 });
  const cart = await cartFromRequest(request);
  const token = typeof formToken === "string" ? formToken : new URL(request.url).searchParams.get("token");
  // Same answer as an unknown payment: the page does not confirm that a payment id exists.
  if (!canUseDemoPayment(payment, cart?.id ?? null, token)) throw new Response("Not found", { status: 404 });
  return payment;
}

async function demoPayTitle(marketHandle: string): Promise<string> {
  const market = await getMarket(marketHandle);
  return createTranslator(market?.language ?? "en", market ? intlLocale(market) : "en")("demoPay.title");
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const payment = await demoPayment(request, params.paymentId);
  const snapshot = payment.snapshot as unknown as CheckoutSnapshot;
  return data(
    {
      title: await demoPayTitle(snapshot.market),
      id: payment.id,
      status: payment.status,
      amount: toMoneyV2({ amount: payment.amount, currency: payment.currency }),
      market: snapshot.market,
      token: new URL(request.url).searchParams.get("token"),
    },
    { headers: { "Cache-Control": "no-store" } },
  );
}

const Outcome = z.object({ outcome: z.enum(["succeed", "decline", "pending"]) });

export async function action({ request, params }: ActionFunctionArgs) {
  const formData = await readFormData(request);
  const payment = await demoPayment(request, params.paymentId, formData.get("token"));
  const parsed = Outcome.safeParse({ outcome: formData.get("outcome") });
  const chooseOutcome: MessageKey = "demoPay.chooseOutcome";
  if (!parsed.success) return data({ error: chooseOutcome }, { status: 400 });
  const market = (payment.snapshot as unknown as CheckoutSnapshot).market;
  // Like Stripe's card fingerprint: the same test card on two payments is recognisable (fraud checks).
  const fingerprint = demoCardFingerprint(String(formData.get("card") ?? ""));
  if (fingerprint) await recordCardFingerprint(payment.id, fingerprint);
  const status = parsed.data.outcome === "succeed" ? "succeeded" : parsed.data.outcome === "decline" ? "failed" : "pending";
  await completePayment(payment.id, status);
  if (status === "pending") {
    await enqueue("payments.demo_settle", { paymentId: payment.id }, { dedupeKey: `demo_settle:${payment.id}`, runAt: new Date(Date.now() + 20_000) });
  }
  if (status === "failed") return redirect(`/${market}/checkout?declined=1`);
  return redirect(paymentReturnPath(market, payment.id));
}

export default function DemoPay() {
  const { amount, status, token } = useLoaderData<typeof loader>();
  const error = useActionData<typeof action>()?.error;
  const t = useT();
  return (
    <main id="main" className="mx-auto max-w-lg px-4 py-16">
      <div className="rounded-lg border-2 border-dashed border-amber-500 bg-white p-6">
        <p className="text-sm font-bold tracking-wide text-amber-800 uppercase">{t("demoPay.badge")}</p>
        <h1 className="mt-2 text-2xl font-semibold">{t("demoPay.title")}</h1>
        <p className="mt-2 text-stone-700">{t("demoPay.body")}</p>
        <p className="mt-4 text-3xl font-semibold" data-testid="demo-amount">
          <MoneyText value={amount} />
        </p>
        {status === "succeeded" ? <p className="mt-4">{t("demoPay.alreadyPaid")}</p> : null}
        {error ? (
          <p role="alert" className="mt-4 text-red-800">
            {t(error)}
          </p>
        ) : null}
        <Form method="post" className="mt-6 grid gap-3">
          {token ? <input type="hidden" name="token" value={token} /> : null}
          <Field id="demo-card" label={t("demoPay.cardNumber")}>
            {(control) => <Input {...control} name="card" defaultValue="4242 4242 4242 4242" inputMode="numeric" autoComplete="off" block />}
          </Field>
          <Button name="outcome" value="succeed" variant="success" size="lg">
            {t("demoPay.succeed")}
          </Button>
          <Button name="outcome" value="pending" variant="outline" size="lg" className="font-medium">
            {t("demoPay.pending")}
          </Button>
          <Button name="outcome" value="decline" variant="danger" size="lg">
            {t("demoPay.decline")}
          </Button>
        </Form>
      </div>
    </main>
  );
}
