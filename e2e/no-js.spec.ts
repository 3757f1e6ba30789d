import { expect, test } from "./fixtures";

test.use({ javaScriptEnabled: false });

test("variant picker and market switcher work without JavaScript", async ({ page, request }) => {
  // A product with several in-stock variants, found through the Storefront API.
  const list = await (await request.get("/api/v1/products?market=en-us&first=50&sort=best-selling")).json();
  let handle = "";
  for (const node of list.nodes) {
    const p = await (await request.get(`/api/v1/products/${node.handle}?market=en-us`)).json();
    if (p.variants.filter((v: { availableForSale: boolean }) => v.availableForSale).length >= 2 && p.options.length >= 1) {
      handle = p.handle;
      break;
    }
  }
  expect(handle).not.toBe("");
  await page.goto(`/en-us/products/${handle}`);
  const picker = page.getByTestId("variant-picker");
  const radios = picker.locator('input[type="radio"]:not(:checked)');
  const sku = await page.getByText(/^SKU:/).textContent();
  const id = await radios.first().getAttribute("id");
  await page.locator(`label[for="${id}"]`).click();
  await picker.getByRole("button").click();
  await expect(page).toHaveURL(/option\./);
  await expect(page.getByText(/^SKU:/)).not.toHaveText(sku ?? "");

  const form = page.getByTestId("localization-form");
  await form.getByLabel("Country or region").selectOption("JP");
  await form.getByLabel("Language").selectOption("ja");
  await form.getByRole("button").click();
  await expect(page).toHaveURL(/\/ja-jp\/products\//);
  await expect(page.getByTestId("price")).toContainText(/[￥¥]/);
});

test("add to cart and update quantities without JavaScript", async ({ page, request }) => {
  const list = await (await request.get("/api/v1/products?market=de-de&first=1&sort=best-selling")).json();
  await page.goto(`/de-de/products/${list.nodes[0].handle}`);
  await page.getByTestId("add-to-cart").getByRole("button").click();
  await expect(page).toHaveURL(/\/de-de\/cart$/);
  const line = page.getByTestId("cart-lines").locator("li").first();
  await line.locator('input[name="quantity"]').fill("2");
  await line.locator('form:has(input[value="update"]) button').click();
  await expect(page.getByTestId("cart-lines").locator('input[name="quantity"]').first()).toHaveValue("2");
});

test.describe(() => {
  // Refused submissions answer 400 with the form and its errors; the browser logs each as a failed load.
  test.use({ allowedConsoleErrors: [/status of 400/] });
  test("checkout and discount errors are shown next to their fields without JavaScript, in the store's language", async ({ page, request }) => {
    const list = await (await request.get("/api/v1/products?market=de-de&first=1&sort=best-selling")).json();
    await page.goto(`/de-de/products/${list.nodes[0].handle}`);
    await page.getByTestId("add-to-cart").getByRole("button").click();
    await expect(page).toHaveURL(/\/de-de\/cart$/);
    await expect(page).toHaveTitle("Warenkorb | Kiln & Loom");

    // A blank code is refused by the discount form's schema, next to the field.
    await page.getByLabel("Rabattcode").fill("   ");
    await page.getByRole("button", { name: "Einlösen" }).click();
    await expect(page.getByLabel("Rabattcode")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByText("Geben Sie einen Code ein.")).toBeVisible();

    await page.goto("/de-de/checkout");
    await expect(page).toHaveTitle("Kasse | Kiln & Loom");
    const form = page.getByTestId("details-form");
    await form.locator('input[name="email"]').fill("kein-at-zeichen");
    await form.locator('[name="name"]').fill("Anna Schmidt");
    await form.getByRole("button").click();
    const email = form.locator('input[name="email"]');
    await expect(email).toHaveAttribute("aria-invalid", "true");
    const describedBy = await email.getAttribute("aria-describedby");
    await expect(page.locator(`[id="${describedBy}"]`)).toHaveText("Geben Sie eine gültige E-Mail-Adresse ein.");
    // What the shopper typed is kept, and the other missing fields are named too.
    await expect(form.locator('[name="name"]')).toHaveValue("Anna Schmidt");
    await expect(form.locator('[name="line1"]')).toHaveAttribute("aria-invalid", "true");
  });
});
