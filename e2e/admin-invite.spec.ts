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

/** The accept link's path in the invitation, read from the mail viewer (the worker sends in the background). */
async function invitationPath(page: Page, email: string): Promise<string> {
  await expect(async () => {
    await page.goto(`/admin/mail?to=${encodeURIComponent(email)}`);
    await expect(page.getByRole("link", { name: "You’re invited to the Kiln & Loom admin" })).toBeVisible({ timeout: 3_000 });
  }).toPass({ timeout: 60_000 });
  await page.getByRole("link", { name: "You’re invited to the Kiln & Loom admin" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "You’re invited to the Kiln & Loom admin" })).toBeVisible();
  const text = (await page.locator("pre").textContent()) ?? "";
  const match = /https?:\/\/[^\s/]+(\/admin\/accept-invite\?token=[A-Za-z0-9_-]+)/.exec(text);
  expect(match, text).not.toBeNull();
  return match![1]!;
}

// The marketer is refused the Staff page (403) and the used link is gone (410), on purpose.
test.use({ allowedConsoleErrors: [/status of (403|410)/] });
// Two journeys of several pages each, one waiting for the background worker's email.
test.describe.configure({ timeout: 120_000 });

test("an owner invites a marketer by email; the marketer sets a password from the link, lands in the admin and is refused the Staff page", async ({ page }) => {
  const owner = E2E_STAFF.owner;
  await signIn(page, owner.email, owner.password);
  const nav = page.getByRole("navigation", { name: "Admin sections" });
  await expect(nav.getByRole("link")).toHaveText(["Dashboard", "Orders", "Customers", "Contacts", "Staff", "API tokens", "Audit log", "Mail viewer", "Suppressions", "Products", "Collections", "Markets", "Loyalty", "Tiers", "Referrals", "Segments", "Campaigns", "Settings"]);

  await nav.getByRole("link", { name: "Staff" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Staff" })).toBeVisible();
  const email = `marketer-${Date.now()}@e2e.example`;
  const invite = page.locator("form", { has: page.getByRole("button", { name: "Invite", exact: true }) });
  await invite.getByRole("textbox", { name: /^Email/ }).fill(email);
  await invite.getByLabel("Role").selectOption("marketer");
  await invite.getByRole("button", { name: "Invite", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: `Invitation sent to ${email} as Marketer.` })).toBeVisible();
  await expect(page.getByRole("row", { name: new RegExp(email) })).toContainText("Invitation pending");

  // The audit log shows who invited whom, through the admin.
  await nav.getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByRole("row").filter({ hasText: "create:staff" }).filter({ hasText: owner.email }).first()).toContainText("Admin");

  const path = await invitationPath(page, email);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/admin\/sign-in$/);

  // The invitee opens the link, chooses a password and is signed in.
  await page.goto(path);
  await expect(page.getByRole("heading", { level: 1, name: "Set your password" })).toBeVisible();
  await expect(page.getByText(email)).toBeVisible();
  await page.getByLabel("New password").fill("marketer-password-1");
  await page.getByLabel("Repeat the password").fill("marketer-password-1");
  await page.getByRole("button", { name: "Set password and sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
  await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
  await expect(nav.getByRole("link")).toHaveText(["Dashboard", "Orders", "Customers", "Contacts", "Suppressions", "Products", "Collections", "Loyalty", "Tiers", "Referrals", "Segments", "Campaigns"]);
  const response = await page.goto("/admin/staff");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1, name: "You don’t have access to this page" })).toBeVisible();

  // The link worked once.
  const again = await page.goto(path);
  expect(again?.status()).toBe(410);
  await expect(page.getByRole("heading", { level: 1, name: "This invitation link no longer works" })).toBeVisible();
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("an owner creates an API token, sees its secret once, and revokes it", async ({ page }) => {
    const owner = E2E_STAFF.owner;
    await signIn(page, owner.email, owner.password);
    await page.goto("/admin/api-tokens");
    await expect(page.getByRole("heading", { level: 1, name: "API tokens" })).toBeVisible();
    const name = `Nightly export ${Date.now()}`;
    await page.getByLabel("Name").fill(name);
    await page.getByLabel("Valid for").selectOption("30");
    await page.getByRole("button", { name: "Create token" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Copy it now: it is shown only this once." })).toBeVisible();
    const secret = await page.getByTestId("api-token-secret").inputValue();
    expect(secret).toMatch(/^hbr_[A-Za-z0-9_-]{32}$/);
    const row = page.getByRole("row", { name: new RegExp(name) });
    await expect(row).toContainText(`${secret.slice(0, 8)}…`);
    await expect(row).toContainText("Active");

    // The token works against the Admin API until it is revoked.
    const api = page.context().request;
    expect((await api.get("/api/admin/v1/staff", { headers: { Authorization: `Bearer ${secret}` } })).status()).toBe(200);
    await page.goto("/admin/api-tokens");
    await expect(page.getByTestId("api-token-secret")).toHaveCount(0);
    await row.getByRole("button", { name: `Revoke the token ${name}` }).click();
    await expect(page.getByRole("status").filter({ hasText: `The token ${name} was revoked` })).toBeVisible();
    await expect(page.getByRole("row", { name: new RegExp(name) })).toContainText("Revoked");
    expect((await api.get("/api/admin/v1/staff", { headers: { Authorization: `Bearer ${secret}` } })).status()).toBe(401);
  });
});
