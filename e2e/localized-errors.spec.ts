import { expect, test } from "./fixtures";

// The server's refusal messages are English (for API clients); a page words the refusal from its
// code and details in the store's language. Checked without JavaScript: the plain form post path.
test.use({ javaScriptEnabled: false });

test.describe(() => {
  // The refused update answers 409, which the browser logs as a failed load.
  test.use({ allowedConsoleErrors: [/status of 409/] });
  test("asking for more units than are left shows the German message with the units left", async ({ page, request }) => {
    test.slow(); // each page is scanned for accessibility before the next document loads
    type Variant = { id: string; quantityAvailable: number };
    const list = await (await request.get("/api/v1/products?market=de-de&first=50")).json();
    let found: { handle: string; variant: Variant } | null = null;
    for (const node of list.nodes as { handle: string }[]) {
      const product = await (await request.get(`/api/v1/products/${node.handle}?market=de-de`)).json();
      const variant = (product.variants as Variant[]).find((v) => v.quantityAvailable > 0 && v.quantityAvailable < 20);
      if (variant) {
        found = { handle: node.handle, variant };
        break;
      }
    }
    expect(found, "a de-de variant with only a few units left").not.toBeNull();
    const { handle, variant } = found!;
    await page.goto(`/de-de/products/${handle}?variant=${variant.id}`);
    await page.getByTestId("add-to-cart").getByRole("button").click();
    await expect(page).toHaveURL(/\/de-de\/cart$/);
    const line = page.getByTestId("cart-lines").locator("li").first();
    await line.locator('input[name="quantity"]').fill(String(variant.quantityAvailable + 5));
    await line.locator('form:has(input[value="update"]) button').click();
    await expect(page.getByTestId("cart-error")).toHaveText(`Nur noch ${variant.quantityAvailable} Stück auf Lager.`);
  });
});
