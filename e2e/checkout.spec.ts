import { expect, test, type APIRequestContext, type Page } from "./fixtures";

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
  const shipping = shownMinorUnits((await page.getByTestId("order-shipping").textContent())!);
  const subtotalText = (await page.getByTestId("order-subtotal").textContent())!.trim();
  const taxTexts = (await page.getByTestId("order-tax-line").locator("dd").allTextContents()).map((c) => c.trim());
  const lineTexts = (await page.getByTestId("order-line-amount").allTextContents()).map((c) => c.trim());
  // No discount was used: no "Discounts −0" row (issue #8 item 9).
  await expect(page.getByTestId("order-discounts")).toHaveCount(0);
  // Every line shows its product image.
  await expect(page.getByTestId("order-line").locator("img")).toHaveCount(1);
  return { total, email: emails[0], page, price, currency, shipping, subtotalText, taxTexts, lineTexts };
}

test("buy in en-us: sales tax is added on top", async ({ page, request }) => {
  const r = await buy(page, request, "en-us", { name: "Jane Doe", line1: "1 Main St", city: "New York", region: "NY", postalCode: "10001" });
  const fmt = (m: bigint) => formatted(m, r.currency, "en-US");
  // New York State sales tax 4% (NY Tax Law §1105(a)); delivery charges of taxable goods are taxable
  // (NY TB-ST-838). Tax is added per line, each rounded half up. The store collects the state rate only.
  const lineTax = [share(r.price, 400n, 10_000n), share(r.shipping, 400n, 10_000n)].filter((x) => x > 0n);
  const tax = lineTax.reduce((a, b) => a + b, 0n);
  expect(r.subtotalText).toBe(fmt(r.price));
  // Tax is added on top in the US, so the line shows its net amount, like the subtotal (not price + tax).
  expect(r.lineTexts).toEqual([fmt(r.price)]);
  // One row per rate: the goods' and shipping's tax at 4% are one "Sales tax 4%" row.
  expect(r.taxTexts).toEqual([fmt(tax)]);
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
  expect(r.lineTexts).toEqual([fmt(r.price)]);
  // One "incl. 19% VAT" row: the goods' and shipping's VAT added up.
  expect(r.taxTexts).toEqual([fmt(vat.reduce((a, b) => a + b, 0n))]);
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
  expect(r.lineTexts).toEqual([fmt(r.price)]);
  // 消費税（10%） appears once, with the goods' and shipping's tax added up.
  expect(r.taxTexts).toEqual([fmt(tax.reduce((a, b) => a + b, 0n))]);
  await expect(page.getByTestId("order-tax-line")).toHaveCount(1);
  expect(r.total).toBe(fmt(r.price + r.shipping));
  expect(r.email.locale).toBe("ja");
  // The email lists the tax once too.
  expect(r.email.text.split(fmt(tax.reduce((a, b) => a + b, 0n))).length - 1).toBe(1);
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
  await expect(page.locator(`[id="${await postal.getAttribute("aria-describedby")}"]`)).toHaveText("郵便番号は7桁で入力してください（例：100-0001）。");
  await expect(page).toHaveTitle("ご購入手続き | Kiln & Loom");
});

test.describe(() => {
  // Without the token the return link answers 404, which the other browser logs as a failed load.
  test.use({ allowedConsoleErrors: [/status of 404/] });
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
});

/** Adds business days (Mon–Fri) to a date in UTC: the store's rule for handling and transit days. */
function addBusinessDays(from: Date, days: number): Date {
  const d = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()));
  for (let left = days; left > 0; ) {
    d.setUTCDate(d.getUTCDate() + 1);
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) left--;
  }
  return d;
}

const range = (locale: string, a: Date, b: Date) => new Intl.DateTimeFormat(locale, { month: "short", day: "numeric", timeZone: "UTC" }).formatRange(a, b);

test("92 units in two warehouses, a cart of 90: two parcels, each with its own window, from cart to confirmation email", async ({ page, request }) => {
  // Seed: Teeschale mit Jun-Glasur, mondweiß 150 ml, has 62 units in Frankfurt and 30 in Shenzhen.
  const product = await (await request.get("/api/v1/products/teeschale-jun-glasur?market=de-de")).json();
  const variant = product.variants.find((v: { selectedOptions: Record<string, string> }) => v.selectedOptions.color === "moon-white" && v.selectedOptions.capacity === "150ml");
  expect(variant.quantityAvailable).toBe(92);
  await page.goto(`/de-de/products/teeschale-jun-glasur?variant=${variant.id}`);
  await page.waitForLoadState("networkidle");
  await page.getByTestId("add-to-cart").locator('input[name="quantity"]').fill("90");
  await page.getByTestId("add-to-cart").getByRole("button").click();
  // With JavaScript the product page stays and confirms; its link leads to the cart.
  await page.getByTestId("cart-confirmation").getByRole("link").click();
  await expect(page).toHaveURL(/\/de-de\/cart$/);

  // 90 × €19.95 is over the €120 free-shipping threshold: dedicated (7–15 days) and postal (15–30) are
  // free; dedicated is the quicker and arrives within 20 business days, so it is the one promised.
  // Frankfurt: 1 handling day, its 1–3 day lane to DE is quicker than the service → 1 + 7 … 1 + 15.
  // Shenzhen: 2 handling days, its 7–12 day lane is quicker than 7–15 → 2 + 7 … 2 + 15 (db/seed).
  const now = new Date();
  const fra = range("de-DE", addBusinessDays(now, 8), addBusinessDays(now, 16));
  const szx = range("de-DE", addBusinessDays(now, 9), addBusinessDays(now, 17));
  const parcels = async () => {
    const box = page.getByTestId("delivery-promise");
    await expect(box.getByTestId("shipment")).toHaveCount(2);
    await expect(box.getByTestId("shipment").nth(0)).toContainText("Paket 1 von 2, Versand aus Deutschland");
    await expect(box.getByTestId("shipment").nth(0)).toContainText("62 × Teeschale mit Jun-Glasur");
    await expect(box.getByTestId("shipment-window").nth(0)).toHaveText(`Lieferung ${fra}`);
    await expect(box.getByTestId("shipment").nth(1)).toContainText("Paket 2 von 2, Versand aus China");
    await expect(box.getByTestId("shipment").nth(1)).toContainText("28 × Teeschale mit Jun-Glasur");
    await expect(box.getByTestId("shipment-window").nth(1)).toHaveText(`Lieferung ${szx}`);
  };
  await expect(page.getByTestId("delivery-window")).toContainText("Dedizierte Versandlinie");
  await parcels();

  await page.getByTestId("checkout-link").click();
  const form = page.getByTestId("details-form");
  await form.locator('input[name="email"]').fill("anna@example.de");
  await form.locator('[name="name"]').fill("Anna Schmidt");
  await form.locator('[name="line1"]').fill("Hauptstr. 1");
  await form.locator('[name="postalCode"]').fill("10115");
  await form.locator('[name="city"]').fill("Berlin");
  await form.getByRole("button").click();
  await expect(page.getByTestId("shipping-form").locator('input[name="method"]:checked')).toHaveValue("dedicated");
  await parcels();

  await page.getByTestId("pay-button").click();
  await page.locator('button[value="succeed"]').click();
  await expect(page).toHaveURL(/\/de-de\/orders\/ord_/);
  // The confirmation reads the promise stored at payment.
  await expect(page.getByTestId("delivery-window")).toHaveText(`Dedizierte Versandlinie: Lieferung ${range("de-DE", addBusinessDays(now, 8), addBusinessDays(now, 17))}`);
  await parcels();

  const orderId = new URL(page.url()).pathname.split("/").pop()!;
  await expect.poll(async () => (await (await request.get(`/dev/outbox?order=${orderId}`)).json()).emails.length, { timeout: 15_000 }).toBe(1);
  const { emails } = await (await request.get(`/dev/outbox?order=${orderId}`)).json();
  const medium = (a: Date, b: Date) => new Intl.DateTimeFormat("de-DE", { dateStyle: "medium", timeZone: "UTC" }).formatRange(a, b);
  expect(emails[0].text).toContain(`Dedizierte Versandlinie: ${medium(addBusinessDays(now, 8), addBusinessDays(now, 17))}`);
  expect(emails[0].text).toContain(`Paket 1 von 2, Versand aus Deutschland: ${medium(addBusinessDays(now, 8), addBusinessDays(now, 16))}`);
  expect(emails[0].text).toContain(`Paket 2 von 2, Versand aus China: ${medium(addBusinessDays(now, 9), addBusinessDays(now, 17))}`);
});

for (const j of [
  // A teacup (≤ 500 g band) below the free-shipping threshold. ja-jp: dedicated ¥1,400 (Shenzhen 2 + 7–15 days)
  // is cheaper than express ¥2,100; postal ¥900 takes 2 + 15–30 business days, past four working weeks.
  { market: "ja-jp", handle: "kinyo-chahai", locale: "ja-JP", address: { postalCode: "100-0001", region: "13", city: "千代田区", line1: "千代田1-1", name: "山田 花子" }, days: [9, 17] },
  // en-gb: dedicated £7.00 is cheaper than local delivery from Frankfurt £7.50 and express £11.00; postal £4.80 is too slow.
  // The cup is in stock in Frankfurt (1 handling day; its 3–6 day lane to GB is quicker than 7–15): 1 + 7 … 1 + 15.
  { market: "en-gb", handle: "jun-glaze-teacup", locale: "en-GB", address: { name: "Jane Smith", line1: "1 High Street", city: "London", postalCode: "SW1A 1AA" }, days: [8, 16] },
]) {
  test(`${j.market} pre-selects dedicated shipping, and the product page promised its window`, async ({ page }) => {
    await page.goto(`/${j.market}/products/${j.handle}`);
    await page.waitForLoadState("networkidle");
    const estimate = (await page.getByTestId("delivery-estimate").textContent())!;
    await page.getByTestId("add-to-cart").getByRole("button").click();
    // With JavaScript the product page stays and confirms; its link leads to the cart.
    await page.getByTestId("cart-confirmation").getByRole("link").click();
    await expect(page).toHaveURL(new RegExp(`/${j.market}/cart$`));
    await page.getByTestId("checkout-link").click();
    const form = page.getByTestId("details-form");
    await form.locator('input[name="email"]').fill("shopper@example.com");
    for (const [name, value] of Object.entries(j.address)) {
      const field = form.locator(`[name="${name}"]`);
      if ((await field.evaluate((el) => el.tagName)) === "SELECT") await field.selectOption(value);
      else await field.fill(value);
    }
    await form.getByRole("button").click();
    const checked = page.getByTestId("shipping-form").locator('input[name="method"]:checked');
    await expect(checked).toHaveValue("dedicated");
    const label = (await page.getByTestId("shipping-form").locator('label:has(input[name="method"]:checked)').textContent())!;
    const now = new Date();
    const promised = range(j.locale, addBusinessDays(now, j.days[0]!), addBusinessDays(now, j.days[1]!));
    expect(label).toContain(promised);
    expect(estimate).toContain(promised);
  });
}
