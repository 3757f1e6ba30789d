import { expect, test } from "./fixtures";

const journeys = [
  { market: "en-us", lang: "en", dir: "ltr", currency: /\$/, tax: "Plus tax, calculated at checkout" },
  { market: "de-de", lang: "de", dir: "ltr", currency: /€/, tax: "inkl. MwSt., zzgl. Versand" },
  { market: "ja-jp", lang: "ja", dir: "ltr", currency: /[￥¥]/, tax: "税込" },
  { market: "ar-ae", lang: "ar", dir: "rtl", currency: /د\.إ/, tax: "شامل ضريبة القيمة المضافة" },
];

for (const j of journeys) {
  test(`browse home → collection → product in ${j.market}`, async ({ page }) => {
    await page.goto(`/${j.market}`);
    await expect(page.locator("html")).toHaveAttribute("lang", j.lang);
    await expect(page.locator("html")).toHaveAttribute("dir", j.dir);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();

    await page.getByRole("navigation").first().getByRole("link").first().click();
    await expect(page).toHaveURL(new RegExp(`/${j.market}/collections/[a-z0-9-]+`));
    // The URL changes before React commits the new page: until then the home page's grids are still there.
    await expect(page.getByTestId("product-grid")).toHaveCount(1);
    const grid = page.getByTestId("product-grid");
    await expect(grid.getByRole("link").first()).toBeVisible();
    await expect(grid).toContainText(j.currency);

    await grid.getByRole("link").first().click();
    await expect(page).toHaveURL(new RegExp(`/${j.market}/products/[a-z0-9-]+`));
    await expect(page.getByTestId("price")).toContainText(j.currency);
    await expect(page.getByTestId("tax-note")).toHaveText(j.tax);
    await expect(page.getByTestId("stock-status")).toBeVisible();
    await expect(page.getByTestId("main-image")).toBeVisible();
    const jsonLd = await page.locator('script[type="application/ld+json"]').allTextContents();
    const product = jsonLd.map((s) => JSON.parse(s)).find((d) => d["@type"] === "Product");
    expect(product.offers[0].priceCurrency).toBe(
      { "en-us": "USD", "de-de": "EUR", "ja-jp": "JPY", "ar-ae": "AED" }[j.market],
    );
    await expect(page.locator('link[rel="canonical"]')).toHaveAttribute("href", new RegExp(`/${j.market}/products/`));
    expect(await page.locator('link[rel="alternate"][hreflang="x-default"]').count()).toBe(1);
  });
}

test("/ redirects to the visitor's market by Accept-Language", async ({ browser }) => {
  const context = await browser.newContext({ locale: "de-DE", extraHTTPHeaders: { "Accept-Language": "de-DE,de;q=0.9" } });
  const page = await context.newPage();
  await page.goto("/");
  await expect(page).toHaveURL(/\/de-de$/);
  await context.close();
});

test("/ prefers the geo header over the language", async ({ browser }) => {
  const context = await browser.newContext({ extraHTTPHeaders: { "Accept-Language": "en", "CF-IPCountry": "JP" } });
  const page = await context.newPage();
  await page.goto("/");
  await expect(page).toHaveURL(/\/ja-jp$/);
  await context.close();
});

test("switching market keeps the product and changes the currency", async ({ page }) => {
  await page.goto("/en-us");
  await page.getByTestId("product-grid").first().getByRole("link").first().click();
  await expect(page.getByTestId("price")).toContainText("$");
  const form = page.getByTestId("localization-form");
  await form.getByLabel("Country or region").selectOption("DE");
  await expect(page).toHaveURL(/\/de-de\/products\//);
  await expect(page.getByTestId("price")).toContainText("€");
  await expect(page.locator("html")).toHaveAttribute("lang", "de");
  // The choice is remembered: / now goes to de-de.
  await page.goto("/");
  await expect(page).toHaveURL(/\/de-de$/);
});

test("search finds products, tolerates a typo, and works in Japanese", async ({ page }) => {
  await page.goto("/en-us");
  await page.getByRole("search").getByLabel("Search products").fill("teapot");
  await page.getByRole("search").getByRole("button").click();
  await expect(page).toHaveURL(/\/en-us\/search\?q=teapot/);
  await expect(page.getByTestId("product-grid").getByRole("link").first()).toBeVisible();

  await page.goto("/en-us/search?q=teapto");
  await expect(page.getByTestId("product-grid").getByRole("link").first()).toBeVisible();

  // Two adjacent letters swapped in a German word.
  await page.goto("/de-de/search?q=Tesechale");
  await expect(page.getByTestId("product-grid")).toContainText("Teeschale mit Jun-Glasur");

  await page.goto(`/ja-jp/search?q=${encodeURIComponent("急須")}`);
  await expect(page.getByTestId("product-grid").getByRole("link").first()).toBeVisible();
  await expect(page.getByTestId("product-grid")).toContainText("急須");
});

test.describe(() => {
  // The browser reports each page answered 404 as a failed resource load; that is what this test visits.
  test.use({ allowedConsoleErrors: [/status of 404/] });
  test("localized 404 pages", async ({ page }) => {
    const res = await page.goto("/de-de/gibt-es-nicht");
    expect(res?.status()).toBe(404);
    await expect(page.locator("html")).toHaveAttribute("lang", "de");
    await expect(page.getByRole("heading", { level: 1 })).not.toHaveText("We couldn’t find that page");
    const missingProduct = await page.goto("/ja-jp/products/no-such-product");
    expect(missingProduct?.status()).toBe(404);
    const unknownMarket = await page.goto("/xx-yy/products/anything");
    expect(unknownMarket?.status()).toBe(404);
  });
});


test("collection filters and sorting work through the URL", async ({ page }) => {
  await page.goto("/en-us");
  await page.getByRole("navigation").first().getByRole("link").first().click();
  await expect(page).toHaveURL(/\/en-us\/collections\/[a-z0-9-]+$/);
  const url = new URL(page.url());
  await page.goto(`${url.pathname}?sort=price-asc`);
  const prices = await page.getByTestId("product-grid").locator("li").evaluateAll((lis) =>
    lis.map((li) => Number((li.textContent ?? "").match(/\$([\d,]+\.\d\d)/)?.[1]?.replace(/,/g, "") ?? NaN)),
  );
  expect(prices.length).toBeGreaterThan(1);
  expect([...prices].sort((a, b) => a - b)).toEqual(prices);
  await page.goto(`${url.pathname}?price_max=1`);
  await expect(page.getByTestId("result-count")).toHaveText("No products");
});

test("pages run under a nonce-based Content-Security-Policy without violations", async ({ page }) => {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener("securitypolicyviolation", (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  for (const path of ["/de-de", "/de-de/collections/teegeschirr", "/de-de/search?q=Tesechale", "/de-de/cart", "/de-de/checkout"]) {
    const response = await page.goto(path);
    const csp = response!.headers()["content-security-policy"] ?? "";
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce, path).toBeTruthy();
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response!.headers()["x-content-type-options"]).toBe("nosniff");
    await page.waitForLoadState("networkidle");
    // Every inline script carries this response's nonce (browsers expose it as the `nonce` property).
    const inline = await page.locator("script:not([src]):not([type='application/ld+json'])").evaluateAll((els) => els.map((e) => (e as HTMLScriptElement).nonce));
    expect(inline.length, path).toBeGreaterThan(0);
    expect(new Set(inline), path).toEqual(new Set([nonce]));
    expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations), path).toEqual([]);
  }
  // Hydrated: client navigation works under the policy.
  await page.goto("/de-de");
  await page.waitForLoadState("networkidle");
  await page.getByRole("navigation").first().getByRole("link").first().click();
  await expect(page).toHaveURL(/\/de-de\/collections\//);
});
