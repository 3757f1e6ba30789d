import { readFormData } from "~/lib/http.server";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { CartSummary, MoneyText } from "~/components/storefront/CartSummary";
import { DeliveryPromise } from "~/components/storefront/Delivery";
import { cartDeliveryView } from "~/modules/shipping/delivery-view";
import { Button, ButtonLink } from "~/components/ui/Button";
import { Field, FieldError, useErrorText } from "~/components/ui/Field";
import { Input } from "~/components/ui/Input";
import { cartCookie, cartFromRequest } from "~/modules/cart/cart-session.server";
import { customerFromRequest } from "~/modules/customers/sessions.server";
import { isUserError, UserError } from "~/lib/errors";
import { clientIp } from "~/lib/http.server";
import { cartCreationLimits, discountCodeLimits, enforceRateLimits } from "~/modules/ratelimit/ratelimit.server";
import { codeKey, useT } from "~/lib/i18n";
import { userErrorMessage } from "~/lib/user-error-message";
import { createTranslator } from "~/lib/i18n.server";
import { requireMarket } from "~/modules/markets/storefront.server";
import { MAX_LINE_QUANTITY } from "~/modules/cart/cart";
import { CartPageAction, DiscountCodeForm, UpdateLineForm } from "~/modules/cart/cart-form";
import { addLine, createCart, reloadCart, setCartMarket, updateLine } from "~/modules/cart/cart.server";
import { applyDiscountCode, removeDiscountCodes } from "~/modules/checkout/cart-details.server";
import { toCartView } from "~/modules/cart/cart-view.server";
import { priceCart } from "~/modules/cart/pricing.server";
import { intlLocale } from "~/modules/markets/markets";
import { titleMeta } from "~/lib/seo";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [titleMeta(data?.title, matches), { name: "robots", content: "noindex" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const market = await requireMarket(params);
  let cart = await cartFromRequest(request);
  const title = createTranslator(market.language, intlLocale(market))("cart.title");
  if (cart && cart.status === "completed") cart = null;
  // A GET never changes the cart: a cart of another market moves with the market switch (a POST).
  const marketError = cart && cart.market !== market.handle ? "cart_in_other_market" : null;
  if (!cart || marketError) {
    return data({ title, market: market.handle, cart: null, delivery: null, marketError, otherMarket: cart?.market ?? null }, { headers: { "Cache-Control": "private, no-store" } });
  }
  const view = toCartView(await priceCart(cart));
  const delivery = cartDeliveryView(view, intlLocale(market));
  return data({ title, market: market.handle, cart: view, delivery, marketError, otherMarket: null }, { headers: { "Cache-Control": "private, no-store" } });
}

type CartActionData = {
  /** The form the result belongs to: "discount", or "line-<id>" for a line's quantity form. */
  form: string | null;
  result: SubmissionResult<string[]> | null;
  error: { code: string; field: string; message: string; details?: unknown } | null;
  /** Set when a product page added a line and stays where it is (`then=stay`). */
  added?: { variantId: string; quantity: number };
};

function formIdFor(intent: unknown, lineId: unknown): string | null {
  if (intent === "discount") return "discount";
  if (intent === "update" && typeof lineId === "string") return `line-${lineId}`;
  return null;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const market = await requireMarket(params);
  const formData = await readFormData(request);
  const submission = parseWithZod(formData, { schema: CartPageAction });
  if (submission.status !== "success") {
    const form = formIdFor(formData.get("intent"), formData.get("lineId"));
    const [field, messages] = Object.entries(submission.error ?? {}).find(([, m]) => m?.length) ?? ["", null];
    // Forms without a field for the error (add to cart, a missing intent) get the page-level alert.
    const error = form ? null : { code: "invalid_input", field, message: messages?.[0] ?? "" };
    return data<CartActionData>({ form, result: submission.reply(), error }, { status: 400 });
  }
  const input = submission.value;
  const headers = new Headers();
  let cart = await cartFromRequest(request);
  try {
    if (!cart || cart.status === "completed" || (cart.market !== market.handle && input.intent === "add")) {
      if (cart && cart.status !== "completed" && cart.market !== market.handle) {
        await setCartMarket(cart, market);
        cart = await reloadCart(cart);
      } else {
        if (input.intent !== "add") throw new UserError("cart_not_found", "Your cart has expired.", 404);
        await enforceRateLimits(cartCreationLimits(clientIp(request)));
        const created = await createCart(market, { customerId: (await customerFromRequest(request))?.id });
        cart = created.cart;
        headers.append("Set-Cookie", cartCookie(created.cart.id, created.token, request));
      }
    }
    switch (input.intent) {
      case "add":
        await addLine(cart, input.variantId, input.quantity);
        break;
      case "update":
        await updateLine(cart, input.lineId, input.quantity);
        break;
      case "remove":
        await updateLine(cart, input.lineId, 0);
        break;
      case "discount":
        await enforceRateLimits(discountCodeLimits(clientIp(request), cart.id));
        await applyDiscountCode(cart, input.code);
        break;
      case "remove-discount":
        await removeDiscountCodes(cart, input.code);
        break;
    }
  } catch (e) {
    if (!isUserError(e)) throw e;
    if (e.retryAfterSeconds !== undefined) headers.set("Retry-After", String(Math.ceil(e.retryAfterSeconds)));
    return data<CartActionData>(
      { form: null, result: null, error: { code: e.code, field: e.field ?? "", message: e.message, details: e.details ?? null } },
      { status: e.status, headers },
    );
  }
  if (input.intent === "add" && input.then === "stay") {
    return data<CartActionData>({ form: null, result: null, error: null, added: { variantId: input.variantId, quantity: input.quantity } }, { headers });
  }
  return redirect(`/${market.handle}/cart`, { headers });
}

export default function CartPage() {
  const { market, cart, delivery, marketError, otherMarket } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const nav = useNavigation();
  const error = actionData?.error ?? null;
  const resultFor = (form: string) => (actionData?.form === form ? actionData.result ?? undefined : undefined);
  return (
    <main id="main" className="mx-auto max-w-5xl px-4 py-8">
      <h1 className="text-3xl font-semibold">{t("cart.title")}</h1>
      {marketError ? (
        <p role="alert" className="mt-4 rounded-md bg-amber-50 p-4 text-amber-900">
          {t(codeKey("errors", marketError))} {otherMarket ? <Link className="underline" to={`/${otherMarket}/cart`}>{t("cart.backToMarket")}</Link> : null}
        </p>
      ) : null}
      {error ? (
        <p role="alert" className="mt-4 rounded-md bg-red-50 p-4 text-red-900" data-testid="cart-error">
          {userErrorMessage(t, error)}
        </p>
      ) : null}
      {!cart || cart.lines.length === 0 ? (
        <div className="mt-8 rounded-lg bg-white p-8 text-center">
          <p>{t("cart.empty")}</p>
          {cart?.discountCodes.length ? (
            <p className="mt-2 font-medium" data-testid="referral-offer">
              {t("referrals.cartOffer", { codes: cart.discountCodes.map((c) => c.code).join(", ") })}
            </p>
          ) : null}
          <ButtonLink to={`/${market}`} className="mt-4 inline-block">
            {t("cart.continueShopping")}
          </ButtonLink>
        </div>
      ) : (
        <div className="mt-8 grid gap-8 md:grid-cols-[1fr_20rem]">
          <ul className="divide-y divide-stone-200 rounded-lg bg-white" data-testid="cart-lines">
            {cart.lines.map((l) => (
              <CartLine key={l.id} market={market} line={l} lastResult={resultFor(`line-${l.id}`)} />
            ))}
          </ul>
          <aside className="space-y-4">
            <DiscountCodeBox codes={cart.discountCodes} lastResult={resultFor("discount")} />
            <CartSummary cart={cart} />
            {delivery ? <DeliveryPromise delivery={delivery.delivery} estimated={delivery.estimated} /> : null}
            <ButtonLink to={`/${market}/checkout`} size="lg" block className={nav.state !== "idle" ? "opacity-70" : ""} data-testid="checkout-link">
              {t("cart.checkout")}
            </ButtonLink>
          </aside>
        </div>
      )}
    </main>
  );
}

type Line = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["cart"]>["lines"][number];

function CartLine({ market, line: l, lastResult }: { market: string; line: Line; lastResult: SubmissionResult<string[]> | undefined }) {
  const t = useT();
  const errorText = useErrorText();
  const [form, fields] = useForm({
    id: `line-${l.id}`,
    lastResult,
    defaultValue: { quantity: String(l.quantity) },
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: UpdateLineForm }),
  });
  return (
    <li className="flex gap-4 p-4">
      {l.image ? <img src={l.image} alt="" width={80} height={80} className="h-20 w-20 rounded-md bg-stone-100 object-cover" /> : null}
      <div className="flex-1">
        <Link to={`/${market}/products/${l.handle}`} className="font-medium hover:underline">
          {l.title}
        </Link>
        {l.variantTitle ? <p className="text-sm text-stone-700">{l.variantTitle}</p> : null}
        <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="mt-2 text-sm" replace>
          <input type="hidden" name="intent" value="update" />
          <input type="hidden" name="lineId" value={l.id} />
          <Field id={fields.quantity.id} label={t("cart.quantityFor", { title: l.title })} error={errorText(fields.quantity.errors)} hideLabel>
            {(aria) => (
              <span className="flex items-center gap-2">
                <Input {...aria} key={fields.quantity.key} name={fields.quantity.name} type="number" min={0} max={MAX_LINE_QUANTITY} defaultValue={String(fields.quantity.initialValue ?? l.quantity)} size="sm" className="w-16" />
                <Button variant="outline" size="xs">
                  {t("cart.update")}
                </Button>
              </span>
            )}
          </Field>
        </Form>
        <Form method="post" className="mt-1 text-sm" replace>
          <input type="hidden" name="intent" value="remove" />
          <input type="hidden" name="lineId" value={l.id} />
          <Button variant="link" className="text-clay-dark">
            {t("cart.remove")}
          </Button>
        </Form>
      </div>
      <CartLinePrice line={l} />
    </li>
  );
}

function DiscountCodeBox({ codes, lastResult }: { codes: { code: string }[]; lastResult: SubmissionResult<string[]> | undefined }) {
  const t = useT();
  const errorText = useErrorText();
  const [form, fields] = useForm({
    id: "discount",
    lastResult,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: DiscountCodeForm }),
  });
  const error = errorText(fields.code.errors);
  return (
    <div className="rounded-lg bg-white p-4">
      <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate replace>
        <input type="hidden" name="intent" value="discount" />
        <label htmlFor={fields.code.id} className="block text-sm font-semibold">
          {t("cart.discountCode")}
        </label>
        <div className="mt-1 flex">
          <Input
            id={fields.code.id}
            key={fields.code.key}
            name={fields.code.name}
            defaultValue={fields.code.initialValue}
            autoComplete="off"
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${fields.code.id}-error` : undefined}
            attached="start"
            block
            className="uppercase"
          />
          <Button variant="dark" size="sm" attached="end" className="text-sm">
            {t("cart.apply")}
          </Button>
        </div>
        {error ? <FieldError id={`${fields.code.id}-error`}>{error}</FieldError> : null}
      </Form>
      {codes.map((d) => (
        <div key={d.code} className="mt-2 flex items-center justify-between text-sm">
          <span className="rounded bg-emerald-50 px-2 py-0.5 font-mono text-emerald-900">{d.code}</span>
          <Form method="post" replace>
            <input type="hidden" name="intent" value="remove-discount" />
            <input type="hidden" name="code" value={d.code} />
            <Button variant="link">{t("cart.remove")}</Button>
          </Form>
        </div>
      ))}
    </div>
  );
}

function CartLinePrice({ line }: { line: { total: { amount: string; currencyCode: string }; subtotal: { amount: string; currencyCode: string }; discount: { amount: string } } }) {
  return (
    <div className="text-end">
      <MoneyText value={line.total} />
      {line.discount.amount.replace(/[0.]/g, "") !== "" ? (
        <s className="block text-sm text-stone-600">
          <MoneyText value={line.subtotal} />
        </s>
      ) : null}
    </div>
  );
}

