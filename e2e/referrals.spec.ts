import { expect, test, type APIRequestContext, type Page } from "./fixtures";
import { E2E_STAFF } from "./staff-accounts";

type OutboxEmail = { to: string; template: string; text: string };

test.use({ locale: "de-DE" });

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

/** A verified, signed-in customer in de-de (the referrer), as in account.spec.ts. */
async function signUpReferrer(page: Page, request: APIRequestContext): Promise<string> {
  const email = `referrer.${Date.now()}.${Math.random().toString(36).slice(2, 7)}@example.de`;
  await page.goto("/de-de/account/sign-up");
  const form = page.getByTestId("sign-up-form");
  await form.getByLabel("E-Mail-Adresse").fill(email);
  await form.getByLabel("Passwort *").fill("correct horse battery");
  await form.getByRole("button", { name: "Konto erstellen" }).click();
  await expect(page.getByTestId("sign-up-sent")).toContainText(email);
  const mail = await emailTo(request, email, "account-verify-email");
  const path = /https?:\/\/[^\s/]+(\/[a-z-]+\/account\/verify\?token=[A-Za-z0-9_-]+)/.exec(mail.text)![1]!;
  await page.goto(path);
  await page.getByTestId("verify-button").click();
  await expect(page).toHaveURL(/\/de-de\/account\?notice=verified$/);
  return email;
}

async function referralLink(page: Page): Promise<string> {
  await page.goto("/de-de/account/referrals");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Freunde werben");
  const url = await page.getByTestId("referral-link").inputValue();
  expect(url).toMatch(/\/r\/[A-Z0-9]{8}\?m=de-de$/);
  return new URL(url).pathname + new URL(url).search;
}

async function inStockProduct(request: APIRequestContext, market: string): Promise<{ handle: string; variantId: string }> {
  const list = await (await request.get(`/api/v1/products?market=${market}&first=50&sort=best-selling`)).json();
  for (const node of list.nodes) {
    const p = await (await request.get(`/api/v1/products/${node.handle}?market=${market}`)).json();
    const v = p.variants.find((x: { availableForSale: boolean; quantityAvailable: number }) => x.availableForSale && x.quantityAvailable >= 3);
    if (v) return { handle: p.handle, variantId: v.id };
  }
  throw new Error(`no product in stock in ${market}`);
}

/** Adds one item to the page's cart and pays with the demo provider. */
async function buy(page: Page, request: APIRequestContext, market: string, email: string, address: Record<string, string>) {
  const { handle, variantId } = await inStockProduct(request, market);
  await page.goto(`/${market}/products/${handle}?variant=${variantId}`);
  await page.waitForLoadState("networkidle");
  await page.getByTestId("add-to-cart").getByRole("button").click();
  await page.getByTestId("cart-confirmation").getByRole("link").click();
  await expect(page).toHaveURL(new RegExp(`/${market}/cart$`));
  await page.getByTestId("checkout-link").click();
  const form = page.getByTestId("details-form");
  await form.locator('input[name="email"]').fill(email);
  for (const [name, value] of Object.entries(address)) {
    const field = form.locator(`[name="${name}"]`);
    if ((await field.evaluate((el) => el.tagName)) === "SELECT") await field.selectOption(value);
    else await field.fill(value);
  }
  await form.getByRole("button").click();
  await expect(page.getByTestId("shipping-form")).toBeVisible();
  await page.getByTestId("pay-button").click();
  await expect(page).toHaveURL(/\/pay\/demo\//);
  await page.locator('button[value="succeed"]').click();
  await expect(page.getByTestId("order-number")).toBeVisible();
}

async function adminSignIn(page: Page) {
  await page.goto("/admin");
  await page.getByLabel("Email").fill(E2E_STAFF.owner.email);
  await page.getByLabel("Password").fill(E2E_STAFF.owner.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
}

/** An owner's Admin API token, made on the API tokens page. */
async function ownerToken(page: Page): Promise<string> {
  await adminSignIn(page);
  await page.goto("/admin/api-tokens");
  await page.getByLabel("Name").fill(`referrals e2e ${Date.now()}`);
  await page.getByRole("button", { name: "Create token" }).click();
  return page.getByTestId("api-token-secret").inputValue();
}

test("a friend in ja-jp opens the link, buys, and after the return window the referrer sees the reward", async ({ page, request, browser }) => {
  test.slow(); // two shoppers and an admin, each page scanned for accessibility
  await signUpReferrer(page, request);
  const link = await referralLink(page);

  const friendContext = await browser.newContext({ locale: "ja-JP" });
  const friend = await friendContext.newPage();
  await friend.goto(link);
  // The friend's own market (Accept-Language ja), the offer waiting in the cart.
  await expect(friend).toHaveURL(/\/ja-jp\/cart$/);
  await expect(friend.getByTestId("referral-offer")).toContainText("FRIEND");
  const cookies = await friendContext.cookies();
  expect(cookies.find((c) => c.name === "harbor_ref")).toMatchObject({ httpOnly: true, sameSite: "Lax" });
  await buy(friend, request, "ja-jp", `friend.${Date.now()}@example.jp`, { postalCode: "100-0001", region: "13", city: "千代田区", line1: "千代田1-1", name: "山田 花子" });
  await friendContext.close();

  await page.goto("/de-de/account/referrals");
  await expect(page.getByTestId("referrals-made")).toContainText("Wartet auf das Ende der Rückgabefrist");

  const adminContext = await browser.newContext({ locale: "en-US" });
  const token = await ownerToken(await adminContext.newPage());
  await adminContext.close();
  const at = new Date(Date.now() + 15 * 86_400_000).toISOString();
  const ran = await request.post("/api/admin/v1/jobs/run-due", { headers: { Authorization: `Bearer ${token}` }, data: { at } });
  expect(ran.status()).toBe(200);
  expect(await ran.json()).toMatchObject({ failed: 0, retried: 0 });

  await page.goto("/de-de/account/referrals");
  await expect(page.getByTestId("referrals-made")).toContainText("Belohnung gutgeschrieben");
  await expect(page.getByTestId("referral-reward")).toHaveText("500 Punkte");
});

test("a self-referral from the referrer's own browser waits in the admin review queue", async ({ page, request, browser }) => {
  test.slow();
  await signUpReferrer(page, request);
  const link = await referralLink(page);
  // Same browser (device cookie from the referrals page), another address.
  await page.goto(link);
  await expect(page).toHaveURL(/\/de-de\/cart$/);
  const alias = `alias.${Date.now()}@example.org`;
  await buy(page, request, "de-de", alias, { name: "Anna Selbst", line1: "Gartenweg 9", postalCode: "10117", city: "Berlin" });

  const adminContext = await browser.newContext({ locale: "en-US" });
  const admin = await adminContext.newPage();
  await adminSignIn(admin);
  await admin.goto("/admin/referrals/review");
  const held = admin.getByTestId("held-reward").filter({ hasText: alias });
  await expect(held.getByTestId("held-reasons")).toHaveText("Same device as the referrer");
  await held.getByLabel("Reason for rejecting").fill("Own purchase");
  await held.getByRole("button", { name: "Reject" }).click();
  await expect(admin.getByRole("status")).toHaveText("The reward was rejected.");
  await expect(admin.getByTestId("held-reward").filter({ hasText: alias })).toHaveCount(0);
  await adminContext.close();
});
