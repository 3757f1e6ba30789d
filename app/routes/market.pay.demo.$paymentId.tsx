import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { MoneyText } from "~/components/storefront/CartSummary";
import { useT } from "~/lib/i18n";
import { toMoneyV2 } from "~/lib/money";
import { completePayment } from "~/modules/checkout/checkout.server";
import { getPayment } from "~/modules/payments/payments.server";
import { enqueue } from "~/modules/jobs/jobs.server";
import type { CheckoutSnapshot } from "~/modules/orders/orders";

export const meta: MetaFunction = () => [{ title: "Test payment" }, { name: "robots", content: "noindex" }];

/** The offline demo provider's payment page: clearly a test, no real money moves. */
async function demoPayment(id: string | undefined) {
  const payment = await getPayment(id ?? "");
  if (!payment || payment.provider !== "demo") throw new Response("Not found", { status: 404 });
  return payment;
}

export async function loader({ params }: LoaderFunctionArgs) {
  const payment = await demoPayment(params.paymentId);
  const snapshot = payment.snapshot as unknown as CheckoutSnapshot;
  return data(
    { id: payment.id, status: payment.status, amount: toMoneyV2({ amount: payment.amount, currency: payment.currency }), market: snapshot.market },
    { headers: { "Cache-Control": "no-store" } },
  );
}

const Outcome = z.object({ outcome: z.enum(["succeed", "decline", "pending"]) });

export async function action({ request, params }: ActionFunctionArgs) {
  const payment = await demoPayment(params.paymentId);
  const parsed = Outcome.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ error: "Choose an outcome." }, { status: 400 });
  const market = (payment.snapshot as unknown as CheckoutSnapshot).market;
  const status = parsed.data.outcome === "succeed" ? "succeeded" : parsed.data.outcome === "decline" ? "failed" : "pending";
  await completePayment(payment.id, status);
  if (status === "pending") {
    await enqueue("payments.demo_settle", { paymentId: payment.id }, { dedupeKey: `demo_settle:${payment.id}`, runAt: new Date(Date.now() + 20_000) });
  }
  if (status === "failed") return redirect(`/${market}/checkout?declined=1`);
  return redirect(`/${market}/checkout/return?payment=${payment.id}`);
}

export default function DemoPay() {
  const { amount, status } = useLoaderData<typeof loader>();
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
        <Form method="post" className="mt-6 grid gap-3">
          <button name="outcome" value="succeed" className="rounded-md bg-emerald-700 px-4 py-3 font-medium text-white hover:bg-emerald-800">
            {t("demoPay.succeed")}
          </button>
          <button name="outcome" value="pending" className="rounded-md border border-stone-400 px-4 py-3 font-medium">
            {t("demoPay.pending")}
          </button>
          <button name="outcome" value="decline" className="rounded-md border border-red-700 px-4 py-3 font-medium text-red-800">
            {t("demoPay.decline")}
          </button>
        </Form>
      </div>
    </main>
  );
}
