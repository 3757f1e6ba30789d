import { expect, test, type Page } from "./fixtures";
import { E2E_STAFF } from "./staff-accounts";

async function signIn(page: Page, email: string, password: string) {
  await page.goto("/admin/products");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Products" })).toBeVisible();
}

// The listing check refuses the first save on purpose (422) until the claim is confirmed.
test.use({ allowedConsoleErrors: [/status of 422/] });

test("catalog staff create a product with a German translation and a JPY price, confirm the listing check, and see it on /ja-jp and /de-de", async ({ page }) => {
  const staff = E2E_STAFF.catalog;
  await signIn(page, staff.email, staff.password);
  const nav = page.getByRole("navigation", { name: "Admin sections" });
  await expect(nav.getByRole("link", { name: "Products" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Staff" })).toHaveCount(0);

  await page.getByRole("link", { name: "New product" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "New product" })).toBeVisible();
  const stamp = Date.now().toString(36);
  await page.getByLabel("Status").selectOption("active");
  await page.getByLabel("HS code").fill("6912.00");
  await page.getByLabel(/Country of origin/).fill("JP");
  // "The best" is a superlative claim (Directive 2005/29/EC Art. 6; FTC Act §5): publishing it needs a confirmation.
  await page.getByLabel("Title (en)").fill(`The best harbor bowl ${stamp}`);
  await page.getByLabel("Handle (en)").fill(`harbor-bowl-${stamp}`);
  await page.getByLabel("Title (de)").fill(`Hafenschale ${stamp}`);
  await page.getByLabel("Handle (de)").fill(`hafenschale-${stamp}`);
  const variant = page.getByRole("group", { name: "Add a variant" });
  await variant.getByLabel("SKU", { exact: true }).fill(`HB-${stamp}`);
  await variant.getByLabel("Weight (g)").fill("350");
  await variant.getByLabel("Price USD", { exact: true }).fill("24.00");
  await variant.getByLabel("Price JPY", { exact: true }).fill("3600");
  await variant.getByLabel("Stock at Shenzhen main warehouse").fill("12");
  await page.getByRole("button", { name: "Save" }).click();

  await expect(page.getByRole("alert")).toContainText("The listing check found 1 issue");
  await expect(page.getByText(/Superlative claim/)).toBeVisible();
  await page.getByRole("button", { name: "Publish anyway" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name: `The best harbor bowl ${stamp}` })).toBeVisible();
  // The Japanese market shows the explicit JPY price (not a conversion) in the preview.
  const jaRow = page.getByRole("row", { name: /ja-jp/ });
  await expect(jaRow).toContainText("¥3,600");
  await expect(jaRow).toContainText("set");
  // Languages without a translation are flagged.
  await expect(page.getByRole("rowheader", { name: /日本語/ })).toContainText("Missing");

  await page.goto(`/ja-jp/products/harbor-bowl-${stamp}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`The best harbor bowl ${stamp}`);
  // ja-JP formats yen with the full-width sign (Intl, CLDR ja).
  await expect(page.getByText("￥3,600").first()).toBeVisible();

  await page.goto(`/de-de/products/hafenschale-${stamp}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Hafenschale ${stamp}`);
});
