import { expect, test, type APIRequestContext, type Page } from "./fixtures";

type OutboxEmail = { to: string; template: string; subject: string; text: string };

/** The newest email of a template to an address, from the dev outbox (the worker sends in the background). */
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

/** The path of the link to `page` in an email's text (the host is PUBLIC_URL's). */
function linkPath(text: string, page: string): string {
  const match = new RegExp(`https?://[^\\s/]+(/[a-z-]+/${page}\\?token=[A-Za-z0-9_-]+)`).exec(text);
  if (!match) throw new Error(`no ${page} link in ${text}`);
  return match[1]!;
}

async function inStockProduct(request: APIRequestContext, market: string): Promise<string> {
  const list = await (await request.get(`/api/v1/products?market=${market}&first=50&sort=best-selling`)).json();
  for (const node of list.nodes) {
    const p = await (await request.get(`/api/v1/products/${node.handle}?market=${market}`)).json();
    if (p.variants.some((v: { availableForSale: boolean; quantityAvailable: number }) => v.availableForSale && v.quantityAvailable >= 3)) return p.handle;
  }
  throw new Error(`no product in stock in ${market}`);
}

async function buyWithDemoPayment(page: Page, request: APIRequestContext, email: string): Promise<string> {
  await page.goto(`/de-de/products/${await inStockProduct(request, "de-de")}`);
  await page.waitForLoadState("networkidle");
  await page.getByTestId("add-to-cart").getByRole("button").click();
  // With JavaScript the product page stays and confirms; its link leads to the cart.
  await page.getByTestId("cart-confirmation").getByRole("link").click();
  await expect(page).toHaveURL(/\/de-de\/cart$/);
  await page.getByTestId("checkout-link").click();
  const form = page.getByTestId("details-form");
  await form.locator('input[name="email"]').fill(email);
  await form.locator('[name="name"]').fill("Anna Konto");
  await form.locator('[name="line1"]').fill("Hauptstr. 1");
  await form.locator('[name="postalCode"]').fill("10115");
  await form.locator('[name="city"]').fill("Berlin");
  await form.getByRole("button").click();
  await expect(page.getByTestId("shipping-form")).toBeVisible();
  await page.getByTestId("pay-button").click();
  await expect(page).toHaveURL(/\/pay\/demo\//);
  await page.locator('button[value="succeed"]').click();
  await expect(page.getByTestId("order-number")).toBeVisible();
  return (await page.getByTestId("order-number").textContent())!.replace(/\D/g, "");
}

// Both journeys try a wrong password on purpose: the sign-in answers 401.
test.use({ allowedConsoleErrors: [/status of 401/] });

test("sign up → verify from the email → buy → the order is in the account; reset the password", async ({ page, request }) => {
  test.slow(); // a dozen pages, each scanned for accessibility before the next one loads
  const email = `anna.${Date.now()}@example.de`;
  await page.goto("/de-de");
  await page.getByTestId("account-link").click();
  await expect(page).toHaveURL(/\/de-de\/account\/sign-in\?next=/);
  await page.getByTestId("create-account-link").click();

  const signUp = page.getByTestId("sign-up-form");
  await signUp.getByLabel("Name (optional)").fill("Anna");
  await signUp.getByLabel("E-Mail-Adresse").fill(email);
  await signUp.getByLabel("Passwort *").fill("correct horse battery");
  await signUp.getByRole("button", { name: "Konto erstellen" }).click();
  await expect(page.getByTestId("sign-up-sent")).toContainText(email);

  const verification = await emailTo(request, email, "account-verify-email");
  expect(verification.subject).toBe("Bestätigen Sie Ihre E-Mail-Adresse");
  await page.goto(linkPath(verification.text, "account/verify"));
  await page.getByTestId("verify-button").click();
  await expect(page).toHaveURL(/\/de-de\/account\?notice=verified$/);
  await expect(page.getByTestId("account-notice")).toHaveText("Danke, Ihre E-Mail-Adresse ist bestätigt.");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Ihre Bestellungen");

  const number = await buyWithDemoPayment(page, request, email);
  await page.goto("/de-de/account");
  const orders = page.getByTestId("account-orders");
  await expect(orders).toContainText(`Bestellung Nr. ${number}`);
  await expect(orders.getByTestId("account-order-status")).toHaveText("Bezahlt");
  await orders.getByRole("link", { name: `Bestellung Nr. ${number} ansehen` }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Bestellung Nr. ${number}`);
  await expect(page.getByTestId("account-order-detail-status")).toContainText("Bezahlt");
  await expect(page.getByText("Noch nicht versandt.")).toBeVisible();

  // Sign out, then reset the password from the emailed link.
  await page.getByRole("button", { name: "Abmelden", exact: true }).click();
  await expect(page.getByTestId("account-notice")).toHaveText("Sie sind abgemeldet.");
  await page.getByRole("link", { name: "Passwort vergessen?" }).click();
  await page.getByTestId("forgot-form").getByLabel("E-Mail-Adresse").fill(email);
  await page.getByTestId("forgot-form").getByRole("button").click();
  await expect(page.getByTestId("reset-sent")).toBeVisible();
  const reset = await emailTo(request, email, "account-password-reset");
  await page.goto(linkPath(reset.text, "account/reset-password"));
  await page.getByTestId("reset-form").getByLabel("Neues Passwort *").fill("a brand new passphrase");
  await page.getByTestId("reset-form").getByRole("button").click();
  await expect(page.getByTestId("account-notice")).toHaveText("Ihr Passwort wurde geändert. Alle anderen Geräte wurden abgemeldet.");

  // The old password no longer works; the new one does.
  await page.getByRole("button", { name: "Abmelden", exact: true }).click();
  const signIn = page.getByTestId("sign-in-form");
  await signIn.getByLabel("E-Mail-Adresse").fill(email);
  await signIn.getByLabel("Passwort *").fill("correct horse battery");
  await signIn.getByRole("button", { name: "Anmelden" }).click();
  await expect(page.getByTestId("account-error")).toHaveText("E-Mail-Adresse oder Passwort ist nicht korrekt.");
  await signIn.getByLabel("Passwort *").fill("a brand new passphrase");
  await signIn.getByRole("button", { name: "Anmelden" }).click();
  await expect(page).toHaveURL(/\/de-de\/account$/);
  await expect(page.getByTestId("account-orders")).toContainText(`Bestellung Nr. ${number}`);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("sign-in refuses a wrong password with the message next to the form", async ({ page }) => {
    await page.goto("/en-us/account/sign-in");
    const form = page.getByTestId("sign-in-form");
    await form.getByLabel("Email address").fill("nobody@example.com");
    await form.getByLabel("Password *").fill("not the password");
    await form.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByTestId("account-error")).toHaveText("The email address or password is not correct.");
  });
});
