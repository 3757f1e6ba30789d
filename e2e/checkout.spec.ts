import { expect, test, type APIRequestContext, type Page } from "@playwright/test";

/** A product with a variant in stock in the market (found through the Storefront API). */
async function inStockProduct(request: APIRequestContext, market: string): Promise<{ handle: string; variantId: string; price: bigint; currency: string }> {
  const list = await (await request.get(`/api/v1/products?market=${market}&first=50&sort=best-selling`)).json();
  for (const node of list.nodes) {
    const p = await (await request.get(`/api/v1/products/${node.handle}?market=${market}`)).json();
    const v = p.variants.find((x: { availableForSale: boolean; quantityAvailable: number }) => x.availableForSale && x.quantityAvailable >= 3);
    if (v) return { handle: p.handle, variantId: v.id, price: minorUnits(v.price.amount), currency: v.price.currencyCode };
  }
  throw new Error(`no product in stock in ${market}`);
}

/** MoneyV2 decimal string → minor units ("59.95" → 5995n; ISO 4217 decimals are fixed per currency). */
function minorUnits(amount: string): bigint {
  return BigInt(amount.replace(".", ""));
}

/** Minor units of an amount as the page shows it (digits only; Arabic-Indic digits too). */
function shownMinorUnits(text: string): bigint {
  const digits = text.replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x0660)).replace(/\D/g, "");
  return BigInt(digits);
}

const DECIMALS: Record<string, number> = { USD: 2, EUR: 2, JPY: 0, KWD: 3 };

/** The page's money format: Intl currency style with the currency's ISO 4217 decimals. */
function formatted(minor: bigint, currency: string, locale: string): string {
  const exp = DECIMALS[currency]!;
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString().padStart(exp + 1, "0");
  const decimal = exp ? `${digits.slice(0, -exp)}.${digits.slice(-exp)}` : digits;
  const f = new Intl.NumberFormat(locale, { style: "currency", currency, minimumFractionDigits: exp, maximumFractionDigits: exp });
  return f.format(`${negative ? "-" : ""}${decimal}` as unknown as number);
}

/** amount × num / den rounded half up, in minor units. */
function share(amount: bigint, num: bigint, den: bigint): bigint {
  return (2n * amount * num + den) / (2n * den);
}

async function buy(page: Page, request: APIRequestContext, market: string, address: Record<string, string>) {
  const { handle, variantId, price, currency } = await inStockProduct(request, market);
  await page.goto(`/${market}/products/${handle}?variant=${variantId}`);
  // Click only once the page is hydrated, so the click is handled by one router, not two.
  await page.waitForLoadState("networkidle");
  await page.getByTestId("add-to-cart").getByRole("button").click();
  // With JavaScript the product page stays and confirms; its link leads to the cart.
  await page.getByTestId("cart-confirmation").getByRole("link").click();
  await expect(page).toHaveURL(new RegExp(`/${market}/cart$`));
  await expect(page.getByTestId("cart-lines").locator("li")).toHaveCount(1);
  await page.getByTestId("checkout-link").click();
  await expect(page).toHaveURL(new RegExp(`/${market}/checkout`));
  const form = page.getByTestId("details-form");
  if (address.country) {
    await form.locator('select[name="country"]').selectOption(address.country);
    await expect(form.locator('select[name="country"]')).toHaveValue(address.country);
  }
  await form.locator('input[name="email"]').fill("shopper@example.com");
  for (const [name, value] of Object.entries(address)) {
    if (name === "country") continue;
    const field = form.locator(`[name="${name}"]`);
    if ((await field.evaluate((el) => el.tagName)) === "SELECT") await field.selectOption(value);
    else await field.fill(value);
  }
  await form.getByRole("button").click();
  await expect(page.getByTestId("shipping-form")).toBeVisible();
  const total = (await page.getByTestId("cart-total").textContent())!.trim();
  await page.getByTestId("pay-button").click();
  await expect(page).toHaveURL(/\/pay\/demo\//);
  await expect(page.getByTestId("demo-amount")).toHaveText(total);
  await page.locator('button[value="succeed"]').click();
  await expect(page).toHaveURL(new RegExp(`/${market}/orders/ord_`));
  await expect(page.getByTestId("order-number")).toBeVisible();
  await expect(page.getByTestId("order-total")).toHaveText(total);
  const orderId = new URL(page.url()).pathname.split("/").pop()!;
  // The confirmation email is sent by the background worker into the outbox.
  await expect
    .poll(async () => (await (await request.get(`/dev/outbox?order=${orderId}`)).json()).emails.length, { timeout: 15_000 })
    .toBe(1);
  const { emails } = await (await request.get(`/dev/outbox?order=${orderId}`)).json();
  // Order totals: subtotal, discounts, shipping, then the tax lines, then the total.
  const cells = await page.getByTestId("order-totals").locator("dd").allTextContents();
  const shipping = shownMinorUnits(cells[2]!);
  return { total, email: emails[0], page, price, currency, shipping, subtotalText: cells[0]!.trim(), taxTexts: cells.slice(3, -1).map((c) => c.trim()) };
}

test("buy in en-us: sales tax is added on top", async ({ page, request }) => {
  const r = await buy(page, request, "en-us", { name: "Jane Doe", line1: "1 Main St", city: "New York", region: "NY", postalCode: "10001" });
  const fmt = (m: bigint) => formatted(m, r.currency, "en-US");
  // New York State sales tax 4% (NY Tax Law §1105(a)); delivery charges of taxable goods are taxable
  // (NY TB-ST-838). Tax is added per line, each rounded half up. The store collects the state rate only.
  const lineTax = [share(r.price, 400n, 10_000n), share(r.shipping, 400n, 10_000n)].filter((x) => x > 0n);
  const tax = lineTax.reduce((a, b) => a + b, 0n);
  expect(r.subtotalText).toBe(fmt(r.price));
  // The order lists one tax row per taxed line: the goods, then shipping.
  expect(r.taxTexts).toEqual(lineTax.map(fmt));
  expect(r.total).toBe(fmt(r.price + r.shipping + tax));
  await expect(page.getByTestId("order-totals")).toContainText("Sales tax");
  expect(r.email.template).toBe("order-confirmation");
  expect(r.email.text).toContain(r.total);
});

test("buy in de-de: VAT is included in the price", async ({ page, request }) => {
  const r = await buy(page, request, "de-de", { country: "DE", name: "Anna Schmidt", line1: "Hauptstr. 1", city: "Berlin", postalCode: "10115" });
  const fmt = (m: bigint) => formatted(m, r.currency, "de-DE");
  // German VAT 19% (UStG §12 Abs. 1), contained in the gross price: VAT = gross × 19/119 per line;
  // shipping follows the goods' rate (EU VAT Directive Art. 78(b)).
  const vat = [share(r.price, 19n, 119n), share(r.shipping, 19n, 119n)].filter((x) => x > 0n);
  expect(r.subtotalText).toBe(fmt(r.price));
  expect(r.taxTexts).toEqual(vat.map(fmt));
  expect(r.total).toBe(fmt(r.price + r.shipping));
  expect(r.email.locale).toBe("de");
  expect(r.email.subject).toMatch(/Bestellung/);
});

test("buy in ja-jp: yen without decimals", async ({ page, request }) => {
  const r = await buy(page, request, "ja-jp", { postalCode: "100-0001", region: "13", city: "千代田区", line1: "千代田1-1", name: "山田 花子" });
  const fmt = (m: bigint) => formatted(m, r.currency, "ja-JP");
  // Japanese consumption tax 10% (消費税法 §29, 7.8% national + 2.2% local), included in the price.
  const tax = [share(r.price, 10n, 110n), share(r.shipping, 10n, 110n)].filter((x) => x > 0n);
  expect(r.subtotalText).toBe(fmt(r.price));
  expect(r.taxTexts).toEqual(tax.map(fmt));
  expect(r.total).toBe(fmt(r.price + r.shipping));
  expect(r.email.locale).toBe("ja");
});

test("buy in ar-kw: Kuwaiti dinar with three decimals, right to left", async ({ page, request }) => {
  const r = await buy(page, request, "ar-kw", { name: "Fatima Al-Sabah", line1: "Street 1, Block 2", city: "Kuwait City" });
  const fmt = (m: bigint) => formatted(m, r.currency, "ar-KW");
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
  // Kuwait levies no VAT (the GCC VAT framework is not in force there): the total is goods + shipping.
  expect(r.subtotalText).toBe(fmt(r.price));
  expect(r.taxTexts).toEqual([]);
  expect(r.total).toBe(fmt(r.price + r.shipping));
  expect(r.email.locale).toBe("ar");
});

test("a declined demo payment returns to checkout with a message, and paying again works", async ({ page, request }) => {
  const { handle, variantId } = await inStockProduct(request, "fr-fr");
  await page.goto(`/fr-fr/products/${handle}?variant=${variantId}`);
  await page.waitForLoadState("networkidle");
  await page.getByTestId("add-to-cart").getByRole("button").click();
  // With JavaScript the product page stays and confirms; its link leads to the cart.
  await page.getByTestId("cart-confirmation").getByRole("link").click();
  await expect(page).toHaveURL(/\/fr-fr\/cart$/);
  await page.getByTestId("checkout-link").click();
  const form = page.getByTestId("details-form");
  await form.locator('input[name="email"]').fill("marie@example.fr");
  await form.locator('[name="name"]').fill("Marie Dupont");
  await form.locator('[name="line1"]').fill("1 rue de Rivoli");
  await form.locator('[name="postalCode"]').fill("75001");
  await form.locator('[name="city"]').fill("Paris");
  await form.getByRole("button").click();
  await expect(page.getByTestId("shipping-form")).toBeVisible();
  await page.getByTestId("pay-button").click();
  await page.locator('button[value="decline"]').click();
  await expect(page).toHaveURL(/\/fr-fr\/checkout\?declined=1/);
  await expect(page.getByTestId("payment-declined")).toBeVisible();
  await page.getByTestId("pay-button").click();
  await page.locator('button[value="succeed"]').click();
  await expect(page).toHaveURL(/\/fr-fr\/orders\/ord_/);
});

test("the checkout form validates in the browser with the same rules, and hydrates without errors", async ({ page, request }) => {
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  const { handle, variantId } = await inStockProduct(request, "ja-jp");
  await page.goto(`/ja-jp/products/${handle}?variant=${variantId}`);
  await page.waitForLoadState("networkidle");
  await page.getByTestId("add-to-cart").getByRole("button").click();
  // With JavaScript the product page stays and confirms; its link leads to the cart.
  await page.getByTestId("cart-confirmation").getByRole("link").click();
  await expect(page).toHaveURL(/\/ja-jp\/cart$/);
  await page.getByTestId("checkout-link").click();
  await expect(page).toHaveURL(/\/ja-jp\/checkout/);
  await page.waitForLoadState("networkidle");
  const form = page.getByTestId("details-form");
  await form.locator('[name="postalCode"]').fill("12");
  await form.getByRole("button").click();
  // Japan Post codes are NNN-NNNN: refused before anything is sent, in Japanese.
  const postal = form.locator('[name="postalCode"]');
  await expect(postal).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator(`[id="${await postal.getAttribute("aria-describedby")}"]`)).toHaveText("この郵便番号は、国の形式と一致しません。");
  await expect(page).toHaveTitle("ご購入手続き | Kiln & Loom");
  expect(errors).toEqual([]);
});

test("the payment return URL opened in another browser, with no cart cookie, shows the order status", async ({ page, request, browser, baseURL }) => {
  const returnUrls: string[] = [];
  page.on("request", (r) => {
    if (r.url().includes("/checkout/return")) returnUrls.push(r.url());
  });
  const { total } = await buy(page, request, "de-de", { country: "DE", name: "Anna Schmidt", line1: "Hauptstr. 1", city: "Berlin", postalCode: "10115" });
  const orderPath = new URL(page.url()).pathname;
  expect(returnUrls.length).toBeGreaterThan(0);
  // The browser fetched it as Remix data (`…/checkout/return.data?…`); a bank app would open the page.
  const returnUrl = new URL(returnUrls[0]!);
  returnUrl.pathname = returnUrl.pathname.replace(/\.data$/, "");
  returnUrl.searchParams.delete("_data");
  returnUrl.searchParams.delete("_routes");
  expect(returnUrl.searchParams.get("token")).toBeTruthy();

  const elsewhere = await browser.newContext({ baseURL });
  try {
    const other = await elsewhere.newPage();
    expect(await elsewhere.cookies()).toEqual([]);
    await other.goto(returnUrl.pathname + returnUrl.search);
    expect(new URL(other.url()).pathname).toBe(orderPath);
    await expect(other.getByTestId("order-total")).toHaveText(total);
    // Without the signed token the same link reveals nothing.
    returnUrl.searchParams.delete("token");
    const bare = await other.goto(returnUrl.pathname + returnUrl.search);
    expect(bare!.status()).toBe(404);
  } finally {
    await elsewhere.close();
  }
});
