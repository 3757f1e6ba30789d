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

test.describe("a marketer is refused the Staff page", () => {
  // The refusal is the point: the Staff page answers 403 to a marketer.
  test.use({ allowedConsoleErrors: [/status of 403/] });

  test("an owner creates a marketer, who is refused the Staff page", async ({ page }) => {
    const owner = E2E_STAFF.owner;
    await signIn(page, owner.email, owner.password);
    const nav = page.getByRole("navigation", { name: "Admin sections" });
    await expect(nav.getByRole("link")).toHaveText(["Dashboard", "Orders", "Customers", "Staff", "Audit log", "Mail viewer", "Products", "Collections"]);

    await nav.getByRole("link", { name: "Staff" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Staff" })).toBeVisible();
    const email = `marketer-${Date.now()}@e2e.example`;
    const invite = page.locator("form", { has: page.getByRole("button", { name: "Invite", exact: true }) });
    await invite.getByLabel("Email").fill(email);
    await invite.getByLabel("Role").selectOption("marketer");
    await invite.getByRole("button", { name: "Invite", exact: true }).click();
    await expect(page.getByRole("status").filter({ hasText: `${email} can now sign in as Marketer.` })).toBeVisible();
    const password = (await page.getByTestId("generated-password").textContent())!.trim();
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    await expect(page.getByRole("row", { name: new RegExp(email) })).toContainText("Marketer");

    // The audit log shows who created whom, through the admin.
    await nav.getByRole("link", { name: "Audit log" }).click();
    const entry = page.getByRole("row").filter({ hasText: "create:staff" }).filter({ hasText: owner.email }).first();
    await expect(entry).toContainText("Admin");

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/admin\/sign-in$/);

    await signIn(page, email, password);
    await expect(nav.getByRole("link")).toHaveText(["Dashboard", "Orders", "Customers", "Products", "Collections"]);
    const response = await page.goto("/admin/staff");
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { level: 1, name: "You don’t have access to this page" })).toBeVisible();
  });
});

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
