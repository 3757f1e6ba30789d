import { expect, test, type APIRequestContext } from "./fixtures";

type OutboxEmail = { to: string; template: string; subject: string; text: string; headers?: Record<string, string> };

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

test("a German subscriber's welcome email carries List-Unsubscribe (RFC 8058); its link shows a German confirmation and unsubscribes on the button", async ({ page, request }) => {
  test.slow(); // sign-up confirmation, the admin's mail viewer and the unsubscribe page, each scanned for accessibility
  const email = `abmelden.${Date.now()}@example.de`;
  const signUp = await request.post("/api/v1/subscriptions", { data: { email, market: "de-de" }, headers: { "x-harbor-client-ip": "203.0.113.90" } });
  expect(signUp.ok()).toBe(true);
  const confirmation = await emailTo(request, email, "newsletter-confirm");
  const confirmLink = /https?:\/\/[^\s/]+(\/de-de\/newsletter\/confirm\?token=[A-Za-z0-9_-]+)/.exec(confirmation.text)![1]!;
  await page.goto(confirmLink);
  await page.getByTestId("newsletter-confirm-button").click();
  await expect(page.getByTestId("newsletter-confirm-result")).toBeVisible();
  // The welcome offer is marketing: it goes out with the unsubscribe headers.
  const welcome = await emailTo(request, email, "newsletter-welcome");

  // The headers as stored with the message (the mail viewer shows the same list).
  const headers = welcome.headers ?? {};
  expect(headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
  const path = /<https?:\/\/[^/]+(\/unsubscribe\/[A-Za-z0-9_.-]+)>/.exec(headers["List-Unsubscribe"] ?? "")![1]!;
  expect(headers["List-Unsubscribe"]).toMatch(/, <mailto:[^>]+>$/);

  // The recipient opens the link without any session: the confirmation is in German and changes nothing yet.
  await page.context().clearCookies();
  await page.goto(path);
  await expect(page.getByRole("heading", { level: 1, name: "Abmelden" })).toBeVisible();
  await expect(page.getByRole("main")).toHaveAttribute("lang", "de");
  await expect(page.getByText("Keine Marketing-E-Mails mehr")).toBeVisible();
  await page.getByTestId("unsubscribe-button").click();
  await expect(page.getByTestId("unsubscribe-result")).toContainText("Sie sind abgemeldet");
  // A second visit (or the mailbox provider's one-click POST) changes nothing: the same answer.
  const again = await request.post(path, { form: { "List-Unsubscribe": "One-Click" } });
  expect(again.status()).toBe(200);
});
