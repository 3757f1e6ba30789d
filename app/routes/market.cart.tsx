import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { CartSummary, MoneyText } from "~/components/storefront/CartSummary";
import { cartCookie, cartFromRequest } from "~/modules/cart/cart-session.server";
import { isUserError, UserError } from "~/lib/errors";
import { useT } from "~/lib/i18n";
import { requireMarket } from "~/modules/markets/storefront.server";
import { addLine, createCart, reloadCart, setCartMarket, updateLine } from "~/modules/cart/cart.server";
import { applyDiscountCode, removeDiscountCodes } from "~/modules/checkout/cart-details.server";
import { toCartView } from "~/modules/cart/cart-view.server";
import { priceCart } from "~/modules/cart/pricing.server";

export const meta: MetaFunction = () => [{ title: "Cart" }, { name: "robots", content: "noindex" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const market = await requireMarket(params);
  let cart = await cartFromRequest(request);
  let marketError: string | null = null;
  if (cart && cart.status === "completed") cart = null;
  if (cart && cart.market !== market.handle) {
    try {
      await setCartMarket(cart, market);
      cart = await reloadCart(cart);
    } catch (e) {
      if (!isUserError(e)) throw e;
      marketError = e.code;
    }
  }
  if (!cart || cart.market !== market.handle) {
    return data({ market: market.handle, cart: null, marketError, otherMarket: cart?.market ?? null }, { headers: { "Cache-Control": "private, no-store" } });
  }
  const view = toCartView(await priceCart(cart));
  return data({ market: market.handle, cart: view, marketError, otherMarket: null }, { headers: { "Cache-Control": "private, no-store" } });
}

const CartAction = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("add"), variantId: z.string().min(1).max(100), quantity: z.coerce.number().int().min(1).max(99).default(1) }),
  z.object({ intent: z.literal("update"), lineId: z.string().min(1).max(100), quantity: z.coerce.number().int().min(0).max(99) }),
  z.object({ intent: z.literal("remove"), lineId: z.string().min(1).max(100) }),
  z.object({ intent: z.literal("discount"), code: z.string().trim().min(1, "Enter a code").max(64) }),
  z.object({ intent: z.literal("remove-discount"), code: z.string().max(64) }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const market = await requireMarket(params);
  const parsed = CartAction.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ error: { code: "invalid_input", field: String(parsed.error.issues[0]?.path[0] ?? ""), message: parsed.error.issues[0]?.message ?? "" } }, { status: 400 });
  const input = parsed.data;
  const headers = new Headers();
  let cart = await cartFromRequest(request);
  try {
    if (!cart || cart.status === "completed" || (cart.market !== market.handle && input.intent === "add")) {
      if (cart && cart.status !== "completed" && cart.market !== market.handle) {
        await setCartMarket(cart, market);
        cart = await reloadCart(cart);
      } else {
        if (input.intent !== "add") throw new UserError("cart_not_found", "Your cart has expired.", 404);
        const created = await createCart(market);
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
        await applyDiscountCode(cart, input.code);
        break;
      case "remove-discount":
        await removeDiscountCodes(cart, input.code);
        break;
    }
  } catch (e) {
    if (!isUserError(e)) throw e;
    return data({ error: { code: e.code, field: e.field ?? "", message: e.message, details: e.details ?? null } }, { status: e.status, headers });
  }
  return redirect(`/${market.handle}/cart`, { headers });
}

export default function CartPage() {
  const { market, cart, marketError, otherMarket } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const nav = useNavigation();
  const error = actionData && "error" in actionData ? actionData.error : null;
  return (
    <main id="main" className="mx-auto max-w-5xl px-4 py-8">
      <h1 className="text-3xl font-semibold">{t("cart.title")}</h1>
      {marketError ? (
        <p role="alert" className="mt-4 rounded-md bg-amber-50 p-4 text-amber-900">
          {t(`errors.${marketError}`)} {otherMarket ? <Link className="underline" to={`/${otherMarket}/cart`}>{t("cart.backToMarket")}</Link> : null}
        </p>
      ) : null}
      {error ? (
        <p role="alert" className="mt-4 rounded-md bg-red-50 p-4 text-red-900" data-testid="cart-error">
          {t(`errors.${error.code}`, { message: error.message })}
        </p>
      ) : null}
      {!cart || cart.lines.length === 0 ? (
        <div className="mt-8 rounded-lg bg-white p-8 text-center">
          <p>{t("cart.empty")}</p>
          <Link to={`/${market}`} className="mt-4 inline-block rounded-md bg-clay px-5 py-2.5 font-medium text-white hover:bg-clay-dark">
            {t("cart.continueShopping")}
          </Link>
        </div>
      ) : (
        <div className="mt-8 grid gap-8 md:grid-cols-[1fr_20rem]">
          <ul className="divide-y divide-stone-200 rounded-lg bg-white" data-testid="cart-lines">
            {cart.lines.map((l) => (
              <li key={l.id} className="flex gap-4 p-4">
                {l.image ? <img src={l.image} alt="" width={80} height={80} className="h-20 w-20 rounded-md bg-stone-100 object-cover" /> : null}
                <div className="flex-1">
                  <Link to={`/${market}/products/${l.handle}`} className="font-medium hover:underline">
                    {l.title}
                  </Link>
                  {l.variantTitle ? <p className="text-sm text-stone-700">{l.variantTitle}</p> : null}
                  <Form method="post" className="mt-2 flex items-center gap-2 text-sm" replace>
                    <input type="hidden" name="intent" value="update" />
                    <input type="hidden" name="lineId" value={l.id} />
                    <label htmlFor={`qty-${l.id}`} className="sr-only">
                      {t("cart.quantityFor", { title: l.title })}
                    </label>
                    <input id={`qty-${l.id}`} name="quantity" type="number" min={0} max={99} defaultValue={l.quantity} className="w-16 rounded-md border border-stone-400 px-2 py-1" />
                    <button type="submit" className="rounded-md border border-stone-400 px-2 py-1">
                      {t("cart.update")}
                    </button>
                  </Form>
                  <Form method="post" className="mt-1 text-sm" replace>
                    <input type="hidden" name="intent" value="remove" />
                    <input type="hidden" name="lineId" value={l.id} />
                    <button type="submit" className="text-clay-dark underline">
                      {t("cart.remove")}
                    </button>
                  </Form>
                </div>
                <CartLinePrice line={l} />
              </li>
            ))}
          </ul>
          <aside className="space-y-4">
            <Form method="post" className="rounded-lg bg-white p-4" replace>
              <input type="hidden" name="intent" value="discount" />
              <label htmlFor="discount-code" className="block text-sm font-semibold">
                {t("cart.discountCode")}
              </label>
              <div className="mt-1 flex">
                <input id="discount-code" name="code" autoComplete="off" className="w-full rounded-s-md border border-stone-400 px-2 py-1.5 uppercase" />
                <button type="submit" className="rounded-e-md bg-ink px-3 text-sm text-white">
                  {t("cart.apply")}
                </button>
              </div>
              {cart.discountCodes.map((d) => (
                <div key={d.code} className="mt-2 flex items-center justify-between text-sm">
                  <span className="rounded bg-emerald-50 px-2 py-0.5 font-mono text-emerald-900">{d.code}</span>
                  <Form method="post" replace>
                    <input type="hidden" name="intent" value="remove-discount" />
                    <input type="hidden" name="code" value={d.code} />
                    <button type="submit" className="underline">
                      {t("cart.remove")}
                    </button>
                  </Form>
                </div>
              ))}
            </Form>
            <CartSummary cart={cart} />
            <Link
              to={`/${market}/checkout`}
              className={`block rounded-md bg-clay px-5 py-3 text-center font-medium text-white hover:bg-clay-dark ${nav.state !== "idle" ? "opacity-70" : ""}`}
              data-testid="checkout-link"
            >
              {t("cart.checkout")}
            </Link>
          </aside>
        </div>
      )}
    </main>
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

