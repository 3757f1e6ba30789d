// Membership tiers (issue #10): the owner edits a tier in /admin/tiers and the public Rewards page shows
// it; the ja-jp Rewards page lists the demo tiers with thresholds converted into yen (USD × 151.50).
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { E2E_STAFF } from "./staff-accounts";

async function signIn(page: Page) {
  const { email, password } = E2E_STAFF.owner;
  await page.goto("/admin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
}

async function setGoldMultiplier(page: Page, value: string) {
  await page.goto("/admin/tiers");
  await page.getByRole("link", { name: "Edit Gold" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Edit Gold" })).toBeVisible();
  await page.getByLabel("Points multiplier").fill(value);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
}

test("the owner edits a tier in /admin/tiers and the Rewards page shows the change", async ({ page }) => {
  test.slow();
  await signIn(page);
  await page.getByRole("navigation", { name: "Admin sections" }).getByRole("link", { name: "Tiers" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Membership tiers" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Membership tiers" }).getByRole("row")).toHaveCount(4);
  await page.getByRole("link", { name: "Edit Gold" }).click();
  const original = await page.getByLabel("Points multiplier").inputValue();
  const changed = original === "1.75" ? "1.60" : "1.75";
  try {
    await setGoldMultiplier(page, changed);
    await expect(page.getByRole("table", { name: "Membership tiers" }).getByRole("row", { name: /Gold/ })).toContainText(changed);
    await page.goto("/en-us/rewards");
    await expect(page.getByRole("row", { name: /Gold/ })).toContainText(`${changed}× points on every order`);
  } finally {
    await setGoldMultiplier(page, original);
  }
});

test("the ja-jp Rewards page, linked from the footer, shows the tiers with yen thresholds", async ({ page }) => {
  await page.goto("/ja-jp");
  await page.getByRole("contentinfo").getByRole("link", { name: "リワード" }).click();
  await expect(page).toHaveURL("/ja-jp/rewards");
  await expect(page.getByRole("heading", { level: 1, name: "リワード" })).toBeVisible();
  await expect(page).toHaveTitle(/リワード/);
  const tiers = page.getByTestId("rewards-tiers");
  await expect(tiers.getByRole("row")).toHaveCount(4);
  // Demo seed: Silver 300.00 USD, Gold 1,000.00 USD and free shipping from 50.00 USD, at 151.50 JPY per USD.
  await expect(tiers.getByRole("row", { name: /シルバー/ })).toContainText(/[¥￥]45,450/);
  await expect(tiers.getByRole("row", { name: /ゴールド/ })).toContainText(/[¥￥]151,500/);
  await expect(tiers.getByRole("row", { name: /ゴールド/ })).toContainText(/[¥￥]7,575以上で送料無料/);
  await expect(tiers.getByRole("row", { name: /メンバー/ })).toContainText("初回のご注文からどなたでも");
  await expect(page.getByRole("heading", { level: 2, name: "ポイントの使い方" })).toBeVisible();
});
