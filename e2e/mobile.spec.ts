// Phone journeys at 390 × 844 (an iPhone 12–14 viewport), the size the shopper review used (issue #8 item 6).
import { expect, expectAccessible, test, type Page } from "./fixtures";

const PHONE = { width: 390, height: 844 };
test.use({ viewport: PHONE, hasTouch: true, isMobile: true });

async function box(page: Page, testId: string) {
  await expect(page.getByTestId(testId)).toBeVisible();
  const b = await page.getByTestId(testId).boundingBox();
  if (!b) throw new Error(`${testId} is not visible`);
  return b;
}

test("the header is compact and its drawer holds navigation, search and the market selector (with JavaScript)", async ({ page }) => {
  await page.goto("/de-de");
  expect((await box(page, "site-header")).height).toBeLessThanOrEqual(64);
  const menu = page.getByTestId("site-menu");
  await expect(menu).toBeHidden();
  const toggle = page.getByRole("button", { name: "Menü", exact: true });
  await expect(toggle).toHaveAttribute("aria-expanded", "false");
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-expanded", "true");
  await expect(menu.getByRole("navigation", { name: "Hauptnavigation" }).getByRole("link").first()).toBeVisible();
  await expect(menu.getByRole("searchbox")).toBeVisible();
  await expect(menu.getByTestId("localization-form")).toBeVisible();
  // The open drawer is a state no navigation reaches, so the automatic scan never sees it.
  await expectAccessible(page);
  // Focus moves into the drawer; Escape closes it and gives focus back to the toggle.
  await expect(menu.getByRole("button", { name: "Menü schließen" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(menu).toBeHidden();
  await expect(toggle).toBeFocused();
  await toggle.click();
  await menu.getByRole("navigation").getByRole("link").first().click();
  await expect(page).toHaveURL(/\/de-de\/collections\//);
  await expect(menu).toBeHidden();
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("the menu drawer opens and closes", async ({ page }) => {
    await page.goto("/en-us");
    expect((await box(page, "site-header")).height).toBeLessThanOrEqual(64);
    const menu = page.getByTestId("site-menu");
    await expect(menu).toBeHidden();
    await page.getByTestId("menu-toggle").click();
    await expect(menu.getByRole("searchbox")).toBeVisible();
    await menu.getByText("Close menu").click();
    await expect(menu).toBeHidden();
  });

  test("filters open in a drawer and its results button applies them", async ({ page }) => {
    await page.goto("/en-us/collections/tea-ware");
    await page.getByTestId("filters-toggle").click();
    await page.getByLabel("In stock only").check();
    await page.getByTestId("show-results").click();
    await expect(page).toHaveURL(/available=1/);
    await expect(page.getByTestId("filters")).toBeHidden();
  });
});

test("product title, price and Add to cart show in the first screen, above the end of the first image", async ({ page }) => {
  for (const handle of ["celadon-kyusu-teapot", "porcelain-everyday-mug"]) {
    await page.goto(`/en-us/products/${handle}`);
    const image = await box(page, "main-image");
    const title = (await page.getByRole("heading", { level: 1 }).boundingBox())!;
    const price = await box(page, "price");
    const add = (await page.getByTestId("add-to-cart").getByRole("button").boundingBox())!;
    expect(title.y + title.height).toBeLessThanOrEqual(image.y);
    expect(price.y + price.height).toBeLessThanOrEqual(image.y);
    // The whole button is on the first screen without scrolling.
    expect(add.y + add.height, handle).toBeLessThanOrEqual(PHONE.height);
  }
});

test("collection filters sit in a drawer with an 'n results' button, and the first product is on the first screen", async ({ page }) => {
  await page.goto("/en-us/collections/tea-ware");
  const count = Number((await page.getByTestId("result-count").textContent())!.match(/\d+/)![0]);
  await expect(page.getByTestId("filters")).toBeHidden();
  const firstCard = (await page.getByTestId("product-grid").getByRole("link").first().boundingBox())!;
  expect(firstCard.y).toBeLessThan(PHONE.height);
  await page.getByTestId("filters-toggle").click();
  const results = page.getByTestId("show-results");
  await expect(results).toHaveText(`Show ${count} results`);
  expect((await results.boundingBox())!.y + 44).toBeLessThanOrEqual(PHONE.height);
  await page.getByLabel("In stock only").check();
  await expect(page).toHaveURL(/available=1/);
  await results.click();
  await expect(page.getByTestId("filters")).toBeHidden();
});

test("after Add to cart, focus goes to a confirmation that screen readers announce", async ({ page }) => {
  await page.goto("/ja-jp/products/celadon-kyusu-teapot");
  await page.getByTestId("add-to-cart").getByRole("button").click();
  const confirmation = page.getByTestId("cart-confirmation");
  await expect(confirmation).toBeFocused();
  await expect(confirmation).toHaveAttribute("role", "status");
  await expect(confirmation).toContainText("カートに追加しました");
  await expect(page).toHaveURL(/\/ja-jp\/products\//);
  const b = (await confirmation.boundingBox())!;
  expect(b.y + b.height).toBeLessThanOrEqual(PHONE.height);
  await expect(page.getByTestId("mini-cart")).toContainText("1");
  await confirmation.getByRole("link").click();
  await expect(page).toHaveURL(/\/ja-jp\/cart$/);
  await expect(page.getByTestId("cart-lines").getByRole("listitem")).toHaveCount(1);
});
