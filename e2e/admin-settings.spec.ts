// Markets & settings (issue #9): the owner changes the de-de free-shipping threshold and the storefront
// shows it; a marketer is denied the settings page.
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { E2E_STAFF } from "./staff-accounts";

async function signIn(page: Page, role: keyof typeof E2E_STAFF) {
  const { email, password } = E2E_STAFF[role];
  await page.goto("/admin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
}

async function setThreshold(page: Page, amount: string) {
  await page.goto("/admin/markets/de-de");
  await page.getByLabel("Free shipping over").fill(amount);
  await page.getByRole("button", { name: "Save market" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Market saved." })).toBeVisible();
}

test("the owner changes the de-de free-shipping threshold and the storefront's shipping page shows it", async ({ page }) => {
  // Seven pages, each scanned by axe, and the threshold put back for the journeys that follow.
  test.slow();
  await signIn(page, "owner");
  await page.getByRole("navigation", { name: "Admin sections" }).getByRole("link", { name: "Markets" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Markets" })).toBeVisible();
  await page.getByRole("link", { name: /Deutschland/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: /Deutschland/ })).toBeVisible();
  // The demo seed's threshold is 120.00; put back whatever it was for the journeys that follow.
  const original = await page.getByLabel("Free shipping over").inputValue();
  // One euro below the seed's 120.00, so a de-de journey running beside this one keeps its shipping price.
  const amount = original === "119.00" ? "118.00" : "119.00";
  try {
    await setThreshold(page, amount);
    await page.goto("/de-de/pages/shipping");
    // de-DE money: comma decimals, the euro sign after a (no-break) space.
    await expect(page.getByText(new RegExp(`Kostenlos ab ${amount.replace(".", ",")}\\s€`)).first()).toBeVisible();
  } finally {
    await setThreshold(page, original);
  }
});

test.describe("a marketer", () => {
  test.use({ allowedConsoleErrors: [/status of 403/] });

  test("is denied the settings page and does not see it in the navigation", async ({ page }) => {
    await signIn(page, "marketer");
    await expect(page.getByRole("navigation", { name: "Admin sections" }).getByRole("link", { name: "Settings" })).toHaveCount(0);
    const response = await page.goto("/admin/settings");
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { level: 1, name: "You don’t have access to this page" })).toBeVisible();
  });
});
