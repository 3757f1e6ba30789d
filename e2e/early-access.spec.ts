// Early access (issue #10, a tier benefit; ADR 0012): a product whose public release is ahead is a 404
// for an anonymous visitor, while a Gold member (the demo seed's tier with early access) sees it with
// the "Früher Zugang" badge and buys it.
import { expect, test, type APIRequestContext, type Page } from "./fixtures";
import { E2E_STAFF } from "./staff-accounts";

type OutboxEmail = { to: string; template: string; text: string };

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

/** An owner's Admin API token, made on the API tokens page. */
async function ownerToken(page: Page): Promise<string> {
  await page.goto("/admin");
  await page.getByLabel("Email").fill(E2E_STAFF.owner.email);
  await page.getByLabel("Password").fill(E2E_STAFF.owner.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
  await page.goto("/admin/api-tokens");
  await page.getByLabel("Name").fill(`early access e2e ${Date.now()}`);
  await page.getByRole("button", { name: "Create token" }).click();
  return page.getByTestId("api-token-secret").inputValue();
}

/** A product of its own (so no other journey sees it come and go), sold from Frankfurt. */
async function createProduct(request: APIRequestContext, token: string, opts: { tag: string; eur: string; releasedAt?: string }): Promise<string> {
  const sample = (await (await request.get("/api/v1/products?market=de-de&first=1")).json()).nodes[0];
  const image = sample.featuredImage;
  const handle = `${opts.tag}-${Date.now()}-${Math.random().toString(36).slice(2, 7)}`;
  const res = await request.post("/api/admin/v1/products", {
    headers: { Authorization: `Bearer ${token}` },
    data: {
      status: "active",
      vendor: "Kiln & Loom",
      productType: "Vase",
      hsCode: "691200",
      countryOfOrigin: "CN",
      translations: { en: { title: `Vase ${handle}`, handle, description: "Stoneware." }, de: { title: `Vase ${handle}`, handle, description: "Steinzeug." } },
      variants: [{ sku: handle.toUpperCase(), weightGrams: 800, prices: { EUR: opts.eur, USD: opts.eur }, stock: { "de-fra": 50 } }],
      images: [{ url: new URL(image.url).pathname, alt: { en: "Vase" }, width: image.width, height: image.height }],
      ...(opts.releasedAt ? { releasedAt: opts.releasedAt } : {}),
      confirm: true,
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  return handle;
}

/** A verified, signed-in customer in de-de, as in account.spec.ts. */
async function signUp(page: Page, request: APIRequestContext): Promise<string> {
  const email = `gold.${Date.now()}.${Math.random().toString(36).slice(2, 7)}@example.de`;
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

/** From the product page to a paid order, with the demo provider. */
async function buy(page: Page, handle: string, email: string) {
  await page.goto(`/de-de/products/${handle}`);
  await page.waitForLoadState("networkidle");
  await page.getByTestId("add-to-cart").getByRole("button").click();
  await page.getByTestId("cart-confirmation").getByRole("link").click();
  await expect(page).toHaveURL(/\/de-de\/cart$/);
  await page.getByTestId("checkout-link").click();
  const form = page.getByTestId("details-form");
  await form.locator('input[name="email"]').fill(email);
  await form.locator('[name="name"]').fill("Greta Gold");
  await form.locator('[name="line1"]').fill("Hauptstr. 1");
  await form.locator('[name="postalCode"]').fill("10115");
  await form.locator('[name="city"]').fill("Berlin");
  await form.getByRole("button").click();
  await expect(page.getByTestId("shipping-form")).toBeVisible();
  await page.getByTestId("pay-button").click();
  await expect(page).toHaveURL(/\/pay\/demo\//);
  await page.waitForLoadState("networkidle");
  await page.locator('button[value="succeed"]').click();
  await expect(page.getByTestId("order-number")).toBeVisible();
}

test("a Gold member sees a product before its release (with the badge) and buys it; an anonymous visitor gets a 404", async ({ page, request, browser }) => {
  test.slow(); // an admin, a sign-up and two purchases, each page scanned for accessibility
  const admin = await browser.newContext();
  const token = await ownerToken(await admin.newPage());
  await admin.close();
  const release = new Date(Date.now() + 30 * 86_400_000);
  release.setUTCHours(9, 0, 0, 0);
  const early = await createProduct(request, token, { tag: "early", eur: "40.00", releasedAt: release.toISOString() });
  // Demo Gold: 1,000.00 USD of merchandise in 12 months (net of VAT): one 2,000 € piece qualifies at payment.
  const pass = await createProduct(request, token, { tag: "gold-pass", eur: "2000.00" });

  // Anonymous: no page, no API answer, not in the listing.
  expect((await request.get(`/de-de/products/${early}`)).status()).toBe(404);
  expect((await request.get(`/api/v1/products/${early}?market=de-de`)).status()).toBe(404);

  const email = await signUp(page, request);
  // Signed in but not Gold yet: still a 404.
  expect((await page.request.get(`/de-de/products/${early}`)).status()).toBe(404);
  await buy(page, pass, email);
  await page.goto("/de-de/account/rewards");
  await expect(page.getByTestId("tier-name")).toContainText("Gold");

  await page.goto(`/de-de/products/${early}`);
  const date = new Intl.DateTimeFormat("de-DE", { dateStyle: "long", timeZone: "UTC" }).format(release);
  await expect(page.getByTestId("early-access-badge")).toHaveText(`Früher Zugang – öffentlich erhältlich ab ${date}`);
  await buy(page, early, email);
  // Still nobody else's, whatever the member's visits left in the caches.
  expect((await request.get(`/de-de/products/${early}`)).status()).toBe(404);
});
