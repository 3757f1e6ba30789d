import { expect, test, type Page } from "./fixtures";
import { E2E_STAFF } from "./staff-accounts";

async function signIn(page: Page, email: string, password: string) {
  await page.goto("/admin");
  await expect(page).toHaveURL(/\/admin\/sign-in\?redirectTo=%2Fadmin/);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
}

// The owner invites a marketer, who then is refused the Staff page: e2e/admin-invite.spec.ts.

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("sign-in, sorting and filtering work as plain forms and links", async ({ page }) => {
    const owner = E2E_STAFF.owner;
    await signIn(page, owner.email, owner.password);
    await page.goto("/admin/staff");
    await page.getByRole("link", { name: /^Role/ }).click();
    await expect(page).toHaveURL(/sort=role&dir=asc/);
    await expect(page.getByRole("columnheader", { name: /Role/ })).toHaveAttribute("aria-sort", "ascending");
    const roles = await page.locator("tbody tr td:nth-child(3)").allTextContents();
    expect(roles).toEqual([...roles].sort());

    await page.goto("/admin/audit-log");
    await page.getByLabel("Via").selectOption("cli");
    await page.getByRole("button", { name: "Filter" }).click();
    await expect(page).toHaveURL(/via=cli/);
    await expect(page.getByRole("row").filter({ hasText: "create:staff" }).first()).toContainText("Command line");
  });
});
