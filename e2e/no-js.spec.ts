import { expect, test } from "@playwright/test";

test.use({ javaScriptEnabled: false });

test("variant picker and market switcher work without JavaScript", async ({ page }) => {
  await page.goto("/en-us/collections");
  await page.locator("main").getByRole("link").first().click();
  await page.getByTestId("product-grid").getByRole("link").first().click();
  const picker = page.getByTestId("variant-picker");
  const radios = picker.locator('input[type="radio"]');
  const count = await radios.count();
  test.skip(count < 2, "first product has a single variant");
  const sku = await page.getByText(/^SKU:/).textContent();
  // Pick the last value of the last option and submit the form.
  const last = radios.nth(count - 1);
  const id = await last.getAttribute("id");
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
