// Segments (issue #12): a marketer builds "Gold members in de-de" (tier = Gold AND market = de-de),
// sees the count and the preview, saves it; first without JavaScript (every button re-renders the
// form), then the saved segment's live count with JavaScript. The Gold de-de subscriber is made by
// e2e/crm-fixtures.ts; only mailable contacts are ever counted.
import type { Page } from "@playwright/test";
import { GOLD_DE_CONTACT } from "./crm-people";
import { expect, test } from "./fixtures";
import { E2E_STAFF } from "./staff-accounts";

async function signInAsMarketer(page: Page) {
  const { email, password } = E2E_STAFF.marketer;
  await page.goto("/admin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
}

// Greta (e2e/crm-fixtures.ts) is always a member; other journeys in the same store may make more
// Gold members in de-de (the early-access journey buys its way to Gold there), so counts are "at least one".
const SOME_MATCH = /^[1-9]\d* contacts? match(es)?$/;

const rule = (page: Page, n: number) => page.getByRole("group", { name: `Rule ${n}` });

test.describe("without JavaScript", () => {
  // An invalid rule is answered 400 with the form and its errors (the browser logs the status).
  test.use({ javaScriptEnabled: false, allowedConsoleErrors: [/status of 400/] });

  test("a marketer builds, counts and saves Gold members in de-de", async ({ page }) => {
    await signInAsMarketer(page);
    await page.getByRole("navigation", { name: "Admin sections" }).getByRole("link", { name: "Segments" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Segments" })).toBeVisible();
    await page.getByRole("link", { name: "New segment" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "New segment" })).toBeVisible();

    const name = `Gold members in de-de ${Date.now()}`;
    await page.getByLabel("Name", { exact: true }).fill(name);
    await page.getByLabel("Field for the new rule").selectOption({ label: "Loyalty tier" });
    await page.getByRole("button", { name: "Add rule" }).click();
    await expect(rule(page, 1)).toBeVisible();
    // The form came back with its state: the name is still there.
    await expect(page.getByLabel("Name", { exact: true })).toHaveValue(name);
    await rule(page, 1).getByLabel("Value").selectOption({ label: "Gold" });

    await page.getByLabel("Field for the new rule").selectOption({ label: "Market" });
    await page.getByRole("button", { name: "Add rule" }).click();
    await expect(rule(page, 2)).toBeVisible();
    await expect(rule(page, 1).getByLabel("Value")).toHaveValue(/.+/);
    await rule(page, 2).getByLabel("Value").selectOption("de-de");

    await page.getByRole("button", { name: "Count", exact: true }).click();
    await expect(page.getByTestId("segment-count")).toHaveText(SOME_MATCH);
    const preview = page.getByRole("table", { name: "First matching contacts" });
    await expect(preview.getByRole("row", { name: new RegExp(GOLD_DE_CONTACT.email) })).toContainText("Gold");

    // A third rule removed again: the remaining two are kept.
    await page.getByRole("button", { name: "Add rule" }).click();
    await expect(rule(page, 3)).toBeVisible();
    await page.getByRole("button", { name: "Remove rule 3" }).click();
    await expect(rule(page, 3)).toHaveCount(0);
    await expect(rule(page, 2).getByLabel("Value")).toHaveValue("de-de");

    await page.getByRole("button", { name: "Save segment" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Edit segment" })).toBeVisible();
    await expect(page.getByRole("status").filter({ hasText: "Segment saved." })).toBeVisible();

    await page.getByRole("link", { name: "All segments" }).click();
    const row = page.getByRole("table", { name: "Segments" }).getByRole("row", { name: new RegExp(name) });
    await expect(row).toContainText("all rules");
    await expect(row.getByRole("cell").nth(3)).toHaveText(/^[1-9]\d*$/);
  });

  test("an invalid rule is named back on its row", async ({ page }) => {
    await signInAsMarketer(page);
    await page.goto("/admin/segments/new");
    await page.getByLabel("Name", { exact: true }).fill("Big spenders");
    await page.getByLabel("Field for the new rule").selectOption({ label: "Lifetime spend (USD)" });
    await page.getByRole("button", { name: "Add rule" }).click();
    await rule(page, 1).getByLabel("Value").fill("a lot");
    await page.getByRole("button", { name: "Count", exact: true }).click();
    await expect(page.getByRole("alert")).toContainText("rules.0.value");
    await expect(rule(page, 1).getByLabel("Value")).toHaveAttribute("aria-invalid", "true");
  });
});

test("with JavaScript the saved segment counts live as the rules change", async ({ page }) => {
  await signInAsMarketer(page);
  await page.goto("/admin/segments/new");
  await page.getByLabel("Name", { exact: true }).fill(`Gold de-de live ${Date.now()}`);
  await page.getByLabel("Field for the new rule").selectOption({ label: "Loyalty tier" });
  await page.getByRole("button", { name: "Add rule" }).click();
  await rule(page, 1).getByLabel("Value").selectOption({ label: "Gold" });
  // Changing a control posts the form for a count after a short pause: no button pressed.
  await expect(page.getByTestId("segment-count")).toHaveText(SOME_MATCH);
  await page.getByLabel("Field for the new rule").selectOption({ label: "Market" });
  await page.getByRole("button", { name: "Add rule" }).click();
  await rule(page, 2).getByLabel("Value").selectOption("en-us");
  await expect(page.getByTestId("segment-count")).toHaveText("0 contacts match");
  await rule(page, 2).getByLabel("Value").selectOption("de-de");
  await expect(page.getByTestId("segment-count")).toHaveText(SOME_MATCH);
  await expect(page.getByRole("table", { name: "First matching contacts" })).toContainText(GOLD_DE_CONTACT.email);
  // A field changed in place brings its own conditions.
  await rule(page, 2).getByLabel("Field").selectOption({ label: "Paid orders" });
  await expect(rule(page, 2).getByLabel("Condition").locator("option")).toHaveText(["at least", "at most", "between"]);
  await page.getByRole("button", { name: "Remove rule 2" }).click();
  await page.getByRole("button", { name: "Save segment" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Segment saved." })).toBeVisible();
});
