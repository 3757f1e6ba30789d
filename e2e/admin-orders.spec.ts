import { expect, test, type APIRequestContext, type Page } from "./fixtures";
import { E2E_STAFF } from "./staff-accounts";

/** A product with a variant in stock in the market (found through the Storefront API). */
async function inStockProduct(request: APIRequestContext, market: string): Promise<{ handle: string; variantId: string }> {
  const list = await (await request.get(`/api/v1/products?market=${market}&first=50&sort=best-selling`)).json();
  for (const node of list.nodes) {
    const p = await (await request.get(`/api/v1/products/${node.handle}?market=${market}`)).json();
    const v = p.variants.find((x: { availableForSale: boolean; quantityAvailable: number }) => x.availableForSale && x.quantityAvailable >= 3);
    if (v) return { handle: p.handle, variantId: v.id };
  }
  throw new Error(`no product in stock in ${market}`);
}

/** A shopper buys one item in en-us with the demo provider; returns the order number. */
async function buy(page: Page, request: APIRequestContext, email: string): Promise<string> {
  const { handle, variantId } = await inStockProduct(request, "en-us");
  await page.goto(`/en-us/products/${handle}?variant=${variantId}`);
  await page.waitForLoadState("networkidle");
  await page.getByTestId("add-to-cart").getByRole("button").click();
  // With JavaScript the product page stays and confirms; its link leads to the cart.
  await page.getByTestId("cart-confirmation").getByRole("link").click();
  await expect(page).toHaveURL(/\/en-us\/cart$/);
  await page.getByTestId("checkout-link").click();
  const form = page.getByTestId("details-form");
  await form.locator('input[name="email"]').fill(email);
  for (const [name, value] of Object.entries({ name: "Jane Doe", line1: "1 Main St", city: "New York", region: "NY", postalCode: "10001" })) {
    const field = form.locator(`[name="${name}"]`);
    if ((await field.evaluate((el) => el.tagName)) === "SELECT") await field.selectOption(value);
    else await field.fill(value);
  }
  await form.getByRole("button").click();
  await expect(page.getByTestId("shipping-form")).toBeVisible();
  await page.getByTestId("pay-button").click();
  await expect(page).toHaveURL(/\/pay\/demo\//);
  await page.locator('button[value="succeed"]').click();
  await expect(page).toHaveURL(/\/en-us\/orders\/ord_/);
  return (await page.getByTestId("order-number").textContent())!.replace(/\D/g, "");
}

test("support fulfils and refunds an order; the shopper receives the shipping and the refund email", async ({ page, request }) => {
  test.slow(); // two storefront purchases and the admin, each page scanned for accessibility
  const shopper = `support-journey-${Date.now()}@example.com`;
  const number = await buy(page, request, shopper);

  await page.context().clearCookies();
  await page.goto("/admin/sign-in");
  await page.getByLabel("Email").fill(E2E_STAFF.support.email);
  await page.getByLabel("Password").fill(E2E_STAFF.support.password);
  await page.getByRole("button", { name: /sign in/i }).click();
  await page.getByRole("navigation").getByRole("link", { name: "Orders" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Orders" })).toBeVisible();

  // Search by email in another case: the list finds the order.
  await page.getByLabel("Order number or email").fill(shopper.toUpperCase());
  await page.getByRole("button", { name: "Filter" }).click();
  await page.getByRole("link", { name: `#${number}` }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Order #${number}` })).toBeVisible();
  await expect(page.getByTestId("order-status")).toHaveText("Paid");

  await page.getByLabel("Carrier").fill("ups");
  await page.getByLabel("Tracking number").fill("1Z999AA10123456784");
  await page.getByRole("button", { name: "Mark as shipped" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Marked as shipped" })).toBeVisible();
  await expect(page.getByTestId("order-status")).toHaveText("Shipped");
  await expect(page.getByRole("link", { name: "1Z999AA10123456784" })).toHaveAttribute("href", /ups\.com.*1Z999AA10123456784/);

  // A partial refund of $1.00 (under the support limit).
  await page.getByLabel(/^Amount/).fill("1.00");
  await page.getByLabel("Reason").first().fill("Scratched box");
  await page.getByRole("button", { name: "Refund", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Refunded" })).toBeVisible();
  await expect(page.getByTestId("order-status")).toHaveText("Partly refunded");
  await expect(page.getByRole("list", { name: "Timeline" })).toContainText("Scratched box");

  // The mail viewer lists both emails to the shopper (sent by the background worker).
  await expect
    .poll(
      async () => {
        await page.goto(`/admin/mail?to=${encodeURIComponent(shopper)}`);
        return (await page.locator("table code").allTextContents()).sort();
      },
      { timeout: 20_000 },
    )
    .toEqual(["order-confirmation", "refund-confirmation", "shipping-confirmation"]);
});
