import { expect, test, type APIRequestContext, type Page } from "./fixtures";
import { E2E_STAFF } from "./staff-accounts";

type OutboxEmail = { to: string; template: string; subject: string; text: string };

async function emailTo(request: APIRequestContext, to: string, template: string): Promise<OutboxEmail> {
  let found: OutboxEmail | undefined;
  await expect
    .poll(
      async () => {
        const { emails } = (await (await request.get("/dev/outbox")).json()) as { emails: OutboxEmail[] };
        found = emails.find((e) => e.to === to && e.template === template);
        return Boolean(found);
      },
      { timeout: 15_000 },
    )
    .toBe(true);
  return found!;
}

async function inStockProduct(request: APIRequestContext): Promise<string> {
  const list = await (await request.get("/api/v1/products?market=de-de&first=50&sort=best-selling")).json();
  for (const node of list.nodes) {
    const p = await (await request.get(`/api/v1/products/${node.handle}?market=de-de`)).json();
    if (p.variants.some((v: { availableForSale: boolean; quantityAvailable: number }) => v.availableForSale && v.quantityAvailable >= 3)) return p.handle;
  }
  throw new Error("no product in stock in de-de");
}

/** An Admin API token of the owner, created on the admin's API tokens page. */
async function ownerToken(page: Page): Promise<string> {
  await page.goto("/admin");
  await page.getByLabel("Email").fill(E2E_STAFF.owner.email);
  await page.getByLabel("Password").fill(E2E_STAFF.owner.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
  await page.goto("/admin/api-tokens");
  await page.getByLabel("Name").fill(`Loyalty journey ${Date.now()}`);
  await page.getByRole("button", { name: "Create token" }).click();
  return page.getByTestId("api-token-secret").inputValue();
}

async function checkoutToPayment(page: Page, request: APIRequestContext, email: string, opts: { code?: string; redeem?: (page: Page) => Promise<void> } = {}): Promise<void> {
  await page.goto(`/de-de/products/${await inStockProduct(request)}`);
  await page.waitForLoadState("networkidle");
  await page.getByTestId("add-to-cart").getByRole("button").click();
  await page.getByTestId("cart-confirmation").getByRole("link").click();
  if (opts.code) {
    await page.getByLabel("Rabattcode").fill(opts.code);
    await page.getByRole("button", { name: "Einlösen" }).click();
    await expect(page.getByText(opts.code, { exact: true })).toBeVisible();
  }
  await page.getByTestId("checkout-link").click();
  const form = page.getByTestId("details-form");
  await form.locator('input[name="email"]').fill(email);
  await form.locator('[name="name"]').fill("Lena Punkte");
  await form.locator('[name="line1"]').fill("Hauptstr. 1");
  await form.locator('[name="postalCode"]').fill("10115");
  await form.locator('[name="city"]').fill("Berlin");
  await form.getByRole("button").click();
  await expect(page.getByTestId("shipping-form")).toBeVisible();
  if (opts.redeem) await opts.redeem(page);
  await page.getByTestId("pay-button").click();
  await expect(page).toHaveURL(/\/pay\/demo\//);
  await page.locator('button[value="succeed"]').click();
  await expect(page.getByTestId("order-number")).toBeVisible();
}

const count = async (page: Page, id: string) => Number((await page.getByTestId(id).textContent())!.replace(/\D/g, ""));

test("sign up in de-de → confirm from the mail viewer → buy with the welcome code → points pending → (clock moved) available → redeemed on the next order", async ({ page, request }) => {
  test.slow();
  const token = await ownerToken(page);
  const admin = { Authorization: `Bearer ${token}` };
  // 100 points per USD, so one purchase pays for the $5 reward (500 points).
  expect((await request.patch("/api/admin/v1/loyalty-settings", { headers: admin, data: { pointsPerUnit: 100 } })).status()).toBe(200);

  const email = `lena.${Date.now()}@example.de`;
  await page.goto("/de-de");
  const footer = page.getByTestId("newsletter-form-footer");
  await footer.getByLabel("E-Mail-Adresse").fill(email);
  await footer.getByRole("button", { name: "Anmelden" }).click();
  await expect(footer.getByTestId("newsletter-thanks")).toContainText("E-Mail geschickt");
  const confirmation = await emailTo(request, email, "newsletter-confirm");
  await page.goto(/https?:\/\/[^\s/]+(\/de-de\/newsletter\/confirm\?token=[A-Za-z0-9_-]+)/.exec(confirmation.text)![1]!);
  await page.getByTestId("newsletter-confirm-button").click();
  await expect(page.getByTestId("newsletter-confirm-result")).toContainText("Ihre Anmeldung ist bestätigt");
  const code = /WELCOME-[0-9A-F]+/.exec((await emailTo(request, email, "newsletter-welcome")).text)![0];

  // Points are redeemed signed in: the subscriber opens an account with the same address.
  await page.goto("/de-de/account/sign-up");
  const signUp = page.getByTestId("sign-up-form");
  await signUp.getByLabel("E-Mail-Adresse").fill(email);
  await signUp.getByLabel("Passwort *").fill("correct horse battery");
  await signUp.getByRole("button", { name: "Konto erstellen" }).click();
  const verification = await emailTo(request, email, "account-verify-email");
  await page.goto(/https?:\/\/[^\s/]+(\/de-de\/account\/verify\?token=[A-Za-z0-9_-]+)/.exec(verification.text)![1]!);
  await page.getByTestId("verify-button").click();
  await expect(page).toHaveURL(/\/de-de\/account\?notice=verified$/);

  await checkoutToPayment(page, request, email, { code });
  // The welcome code took 10% off the first order.
  await expect(page.getByTestId("order-discounts")).toBeVisible();
  await page.goto("/de-de/account");
  // The account's own section (the footer also links the public Rewards page).
  await page.getByRole("navigation", { name: "Kontobereiche" }).getByRole("link", { name: "Prämien" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Prämien");
  const pending = await count(page, "points-pending");
  expect(pending).toBeGreaterThanOrEqual(500);
  expect(await count(page, "points-available")).toBe(0);
  // Paid today: pending until today + 14 days (the default window), as the page writes dates.
  const due = new Intl.DateTimeFormat("de-DE", { dateStyle: "medium", timeZone: "UTC" }).format(new Date(Date.now() + 14 * 86_400_000));
  await expect(page.getByTestId("points-entry-status").first()).toHaveText(`Ausstehend bis ${due}`);

  const ran = await request.post("/api/admin/v1/jobs/run-due", { headers: admin, data: { at: new Date(Date.now() + 15 * 86_400_000).toISOString() } });
  expect(ran.status()).toBe(200);
  await page.reload();
  expect(await count(page, "points-available")).toBe(pending);
  expect(await count(page, "points-pending")).toBe(0);
  await expect(page.getByTestId("points-entry-status").first()).toHaveText("Verfügbar");

  await checkoutToPayment(page, request, email, { redeem: async (p) => {
    await expect(p.getByTestId("checkout-points-available")).toBeVisible();
    const block = p.getByTestId("points-redemption");
    expect(await count(p, "checkout-points-available")).toBe(pending);
    await block.locator('input[name="rewardId"][value="rwd_5_off"]').check();
    await block.getByTestId("redeem-button").click();
    // $5 at 0.92 EUR per USD = 4.60 EUR off, shown in the block and in the summary.
    await expect(p.getByTestId("points-redeemed")).toContainText("4,60");
    await expect(p.getByTestId("summary-points")).toContainText("4,60");
  } });
  await page.goto("/de-de/account/rewards");
  expect(await count(page, "points-available")).toBe(pending - 500);
  await expect(page.getByTestId("points-history")).toContainText("An der Kasse eingelöst");
  await request.patch("/api/admin/v1/loyalty-settings", { headers: admin, data: { pointsPerUnit: 1 } });
});
