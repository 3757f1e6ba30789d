// Legal and trust pages, the footer, and the small things a shopper noticed (issue #8 items 8 and 10).
import { expect, test, type Page } from "./fixtures";

const SLUGS = ["shipping", "returns", "privacy", "terms", "contact"];
const MARKETS = [
  { market: "en-us", lang: "en", returns: "Returns and right of withdrawal", form: "Model withdrawal form", days: "within 14 days" },
  { market: "de-de", lang: "de", returns: "Rückgabe und Widerrufsrecht", form: "Muster-Widerrufsformular", days: "binnen vierzehn Tagen" },
  { market: "fr-fr", lang: "fr", returns: "Retours et droit de rétractation", form: "Modèle de formulaire de rétractation", days: "quatorze jours" },
  { market: "es-es", lang: "es", returns: "Devoluciones y derecho de desistimiento", form: "Modelo de formulario de desistimiento", days: "14 días" },
  { market: "pt-br", lang: "pt", returns: "Devoluções e direito de arrependimento", form: "Modelo de formulário de retratação", days: "14 dias" },
  { market: "ja-jp", lang: "ja", returns: "返品と撤回権", form: "撤回書式（モデル）", days: "14日" },
  { market: "ar-ae", lang: "ar", returns: "الإرجاع وحق الانسحاب", form: "نموذج الانسحاب", days: "14 يومًا" },
];

/** No heading level is skipped going down the page (WCAG 1.3.1; axe "heading-order"). */
async function expectHeadingOrder(page: Page) {
  const levels = await page.locator("h1, h2, h3, h4, h5, h6").evaluateAll((hs) => hs.map((h) => Number(h.tagName[1])));
  expect(levels[0]).toBe(1);
  for (let i = 1; i < levels.length; i++) expect(levels[i]! - levels[i - 1]!, `heading ${i}: ${levels.join(",")}`).toBeLessThanOrEqual(1);
}

for (const m of MARKETS) {
  test(`store pages in ${m.market}: linked from the footer, in the market's language`, async ({ page }) => {
    await page.goto(`/${m.market}`);
    const footerLinks = page.getByTestId("footer-pages").getByRole("link");
    const hrefs = await footerLinks.evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    expect(hrefs).toEqual([...SLUGS, ...(m.market === "de-de" ? ["legal-notice"] : [])].map((s) => `/${m.market}/pages/${s}`));
    await footerLinks.nth(1).click();
    await expect(page).toHaveURL(`/${m.market}/pages/returns`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(m.returns);
    await expect(page).toHaveTitle(`${m.returns} | Kiln & Loom`);
    // Art. 9 Directive 2011/83/EU: 14 days; Annex I(B): the model withdrawal form.
    await expect(page.getByRole("heading", { level: 2, name: m.form })).toBeVisible();
    await expect(page.getByTestId("store-page")).toContainText(m.days);
    await expect(page.getByTestId("store-page")).not.toHaveAttribute("lang", /.+/);
    await expectHeadingOrder(page);
    for (const slug of SLUGS) expect((await page.request.get(`/${m.market}/pages/${slug}`)).status(), slug).toBe(200);
  });
}

test("the legal notice (Impressum, § 5 DDG) is shown for de-de only", async ({ page }) => {
  await page.goto("/de-de/pages/legal-notice");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Impressum");
  await expect(page.getByTestId("store-page")).toContainText("§ 5 DDG");
  expect((await page.request.get("/en-us/pages/legal-notice")).status()).toBe(404);
  expect((await page.request.get("/de-de/pages/impressum")).status()).toBe(404);
});

test("the shipping page lists the market's methods with the times and prices checkout uses", async ({ page, request }) => {
  await page.goto("/de-de/pages/shipping");
  const table = page.getByTestId("shipping-rates");
  // Demo rates and warehouses (db/seed/shipping.ts, reference.ts): express courier 3–7 business days; from Frankfurt
  // 1 handling day + lane 1–3 → 4–8, from Shenzhen 2 handling days + lane 7–12 → 9–14; ≤500 g for 13,00 €.
  const express = table.getByRole("row").filter({ has: page.getByRole("rowheader", { name: "Expresskurier" }) });
  await expect(express).toContainText("4–14 Werktage");
  await expect(express).toContainText("Bis 500 g: 13,00 €");
  // Every method a cart can be quoted appears on the page.
  const methods = await table.getByRole("rowheader").allTextContents();
  expect(methods.length).toBeGreaterThanOrEqual(3);
  expect((await request.get("/ja-jp/pages/shipping")).status()).toBe(200);
  await expectHeadingOrder(page);
});

test("favicon: SVG with an ICO fallback, both served", async ({ page, request }) => {
  await page.goto("/en-us");
  await expect(page.locator('link[rel="icon"][type="image/svg+xml"]')).toHaveAttribute("href", "/favicon.svg");
  await expect(page.locator('link[rel="icon"][href="/favicon.ico"]')).toHaveCount(1);
  for (const path of ["/favicon.svg", "/favicon.ico", "/apple-touch-icon.png"]) expect((await request.get(path)).status(), path).toBe(200);
});

test("the home page hero has a sized image with alternative text", async ({ page }) => {
  await page.goto("/de-de");
  const hero = page.getByTestId("hero-image");
  await expect(hero).toHaveAttribute("width", "1200");
  await expect(hero).toHaveAttribute("height", "900");
  await expect(hero).toHaveAttribute("alt", /Teeschalen/);
  expect(await hero.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
});

test("browser-tab titles are translated and name the store once", async ({ page }) => {
  await page.goto("/ja-jp/cart");
  await expect(page).toHaveTitle("カート | Kiln & Loom");
  await page.goto("/ar-ae/cart");
  await expect(page).toHaveTitle("سلة التسوق | Kiln & Loom");
  await page.goto("/en-us/products/jun-glaze-teacup");
  // The product's SEO title already carries the brand: it is not appended a second time.
  await expect(page).toHaveTitle("Jun Glaze Teacup · Kiln & Loom");
});

test("capacity filter values are in numeric order", async ({ page }) => {
  await page.goto("/en-us/collections/tea-ware");
  const values = await page.locator('input[name="filter.capacity"]').evaluateAll((is) => is.map((i) => Number.parseFloat((i as HTMLInputElement).value)));
  expect(values.length).toBeGreaterThan(2);
  expect(values).toEqual([...values].sort((a, b) => a - b));
});

test("headings do not skip levels on home, collection, product, search and cart", async ({ page }) => {
  for (const path of ["/en-us", "/en-us/collections/tea-ware", "/en-us/products/jun-glaze-teacup", "/en-us/search?q=tea", "/en-us/collections", "/en-us/cart"]) {
    await page.goto(path);
    await expectHeadingOrder(page);
  }
});

test("the logo link's accessible name includes its visible text (axe label-content-name-mismatch)", async ({ page }) => {
  await page.goto("/de-de");
  const logo = page.getByTestId("logo");
  // The text a sighted user reads: the link's text without the screen-reader-only part.
  const visible = await logo.evaluate((a) => {
    const copy = a.cloneNode(true) as HTMLElement;
    copy.querySelectorAll(".sr-only").forEach((e) => e.remove());
    return copy.textContent!.replace(/\s+/g, " ").trim();
  });
  expect(visible).toBe("Kiln & Loom");
  await expect(page.getByRole("link", { name: /^Kiln & Loom/ })).toHaveAttribute("href", "/de-de");
  expect(await logo.getAttribute("aria-label")).toBeNull();
});

test("cart says 'Estimated total' before shipping is known; checkout does not say 'Calculated at checkout'; Pay explains why it is disabled", async ({ page }) => {
  await page.goto("/en-us/products/jun-glaze-teacup");
  await page.waitForLoadState("networkidle");
  await page.getByTestId("add-to-cart").getByRole("button").click();
  await page.getByTestId("cart-confirmation").getByRole("link").click();
  await expect(page).toHaveURL(/\/en-us\/cart$/);
  const summary = page.getByTestId("cart-summary");
  await expect(summary).toContainText("Estimated total");
  await page.getByTestId("checkout-link").click();
  await expect(page).toHaveURL(/\/en-us\/checkout/);
  await expect(page.getByTestId("cart-summary")).not.toContainText("Calculated at checkout");
  await expect(page.getByTestId("cart-summary")).toContainText("Estimated total");
  const pay = page.getByTestId("pay-button");
  await expect(pay).toBeDisabled();
  const hint = page.getByTestId("pay-hint");
  await expect(hint).toBeVisible();
  await expect(hint).toHaveText("To pay, save your delivery address and choose a delivery method.");
  await expect(pay).toHaveAttribute("aria-describedby", (await hint.getAttribute("id"))!);
  await expect(pay).toHaveAccessibleDescription("To pay, save your delivery address and choose a delivery method.");
});
