import { expect, test } from "@playwright/test";

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
