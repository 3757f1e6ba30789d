import { eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { jobsTable, outboxEmailsTable } from "~db/schema";
import { useTestDatabase } from "~db/testing";
import { resetEnvForTests } from "~/lib/env.server";
import { emailCatalogs } from "../../../emails/i18n";
import { emailTemplates, renderEmail, type EmailTemplateData, type EmailTemplateName, type OrderConfirmationData } from "../../../emails";
import { runDueJobs } from "../jobs/jobs.server";
import { DEFAULT_MAIL_FROM, getMailer, MailRejectedError, MailRetryableError, OutboxMailer, ResendMailer, type MailMessage } from "./mailer.server";
import { startResendStandin, type ResendStandin } from "../../../test/stand-ins/resend";
import { MAIL_SEND, queueEmail, type SendEmailPayload } from "./send-email.server";

const db = useTestDatabase();

const eur = (amount: string) => ({ amount, currency: "EUR" });

const orderData: OrderConfirmationData = {
  orderNumber: "1001",
  customerName: "Jonas",
  lines: [
    { title: "Seladon-Teekanne", variantTitle: "600 ml", quantity: 1, price: eur("4800") },
    { title: "Leinenservietten", variantTitle: "Hafer · 4er-Set", quantity: 1, price: eur("1500") },
  ],
  subtotal: eur("6300"),
  discounts: eur("500"),
  discountCodes: ["WILLKOMMEN"],
  shipping: eur("195"),
  taxLines: [{ name: "MwSt.", rateBp: 1900, amount: eur("957"), included: true }],
  duties: null,
  total: eur("5995"),
  shippingAddress: { name: "Jonas Weber", line1: "Hauptstraße 1", city: "Berlin", postalCode: "10115", country: "DE" },
  deliveryWindow: { earliest: "2025-03-04", latest: "2025-03-07" },
  dduNotice: false,
  statusUrl: "https://shop.example.com/de-de/orders/ord_1?token=t",
};

function message(over: Partial<MailMessage> = {}): MailMessage {
  return {
    idempotencyKey: `test:${Math.random().toString(36).slice(2)}`,
    template: "order-confirmation",
    to: "kunde@example.com",
    from: DEFAULT_MAIL_FROM,
    subject: "Hello",
    html: "<p>Hello</p>",
    text: "Hello",
    locale: "en",
    orderId: null,
    ...over,
  };
}

async function outboxRows(key: string) {
  return db.current.db.select().from(outboxEmailsTable).where(eq(outboxEmailsTable.idempotencyKey, key));
}

/** Sets variables for this test only; the env module parses them again on next use. */
function stubEnv(vars: Record<string, string>) {
  for (const [k, v] of Object.entries(vars)) vi.stubEnv(k, v);
  resetEnvForTests();
}

afterEach(() => {
  vi.unstubAllEnvs();
  resetEnvForTests();
});

describe("OutboxMailer", () => {
  it("stores a message once per idempotency key", async () => {
    const mailer = new OutboxMailer();
    const msg = message({ orderId: "ord_x" });
    const first = await mailer.send(msg);
    expect(first.transport).toBe("outbox");
    expect(first.id).toMatch(/^eml_/);
    const second = await mailer.send({ ...msg, subject: "Changed" });
    expect(second).toMatchObject({ id: first.id, transport: "outbox", duplicate: true });
    const rows = await outboxRows(msg.idempotencyKey);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ subject: "Hello", orderId: "ord_x", transport: "outbox", providerId: null });
  });

  it("is what getMailer() returns without RESEND_API_KEY", () => {
    stubEnv({ RESEND_API_KEY: "" });
    expect(getMailer()).toBeInstanceOf(OutboxMailer);
  });
});

describe("mail.send job", () => {
  it("renders a German order confirmation (html + text) and delivers it to the outbox", async () => {
    stubEnv({ RESEND_API_KEY: "" });
    const payload: SendEmailPayload = {
      template: "order-confirmation",
      to: "jonas@example.com",
      locale: "de",
      intlLocale: "de-DE",
      data: orderData,
      idempotencyKey: "mail:order-confirmation:ord_de_1",
      orderId: "ord_de_1",
    };
    const queued = await queueEmail(payload);
    const again = await queueEmail(payload);
    expect(again).toEqual({ id: queued.id, created: false });

    const r = await runDueJobs({ kinds: [MAIL_SEND] });
    expect(r).toMatchObject({ claimed: 1, done: 1 });
    const [job] = await db.current.db.select().from(jobsTable).where(eq(jobsTable.id, queued.id));
    expect(job!.status).toBe("done");

    const [row] = await outboxRows(payload.idempotencyKey);
    expect(row).toBeDefined();
    expect(row!.subject).toBe("Bestellung #1001 bestätigt");
    expect(row!.from).toBe(DEFAULT_MAIL_FROM);
    expect(row!.to).toBe("jonas@example.com");
    expect(row!.locale).toBe("de");
    expect(row!.orderId).toBe("ord_de_1");
    expect(row!.template).toBe("order-confirmation");
    expect(row!.html).toContain('lang="de"');
    expect(row!.html).toContain('dir="ltr"');
    expect(row!.html).toContain("Bestellung");
    expect(row!.html).toMatch(/59,95\s€/); // de-DE: comma decimals, € after a (no-break) space
    expect(row!.html).toMatch(/inkl\. MwSt\. \(19\s%\)/);
    expect(row!.html).toContain("https://shop.example.com/de-de/orders/ord_1?token=t");
    expect(row!.text).toContain("Vielen Dank für Ihre Bestellung".toUpperCase());
    expect(row!.text).toMatch(/59,95\s€/);
    expect(row!.text).not.toContain("<");
  });

  it("fails a job with an unknown template at once (retrying cannot help)", async () => {
    const payload = { template: "nope", to: "a@example.com", locale: "en", intlLocale: "en-US", data: {}, idempotencyKey: "bad:1" };
    const { id } = await queueEmail(payload as unknown as SendEmailPayload);
    await runDueJobs({ kinds: [MAIL_SEND] });
    const [job] = await db.current.db.select().from(jobsTable).where(eq(jobsTable.id, id));
    expect(job).toMatchObject({ status: "failed", attempts: 1 });
    expect(job!.lastError).toContain("template");
  });
});

describe("email templates", () => {
  it("render right-to-left with lang for Arabic", async () => {
    const r = await renderEmail("order-confirmation", { ...orderData, dduNotice: true }, { language: "ar", intlLocale: "ar-AE" });
    expect(r.html).toContain('dir="rtl"');
    expect(r.html).toContain('lang="ar"');
    expect(r.subject).toBe("تم تأكيد الطلب رقم 1001");
    expect(r.html).toContain("الرسوم والضرائب الجمركية الخاصة ببلدك غير مشمولة");
  });

  it("format KWD with three decimals", async () => {
    const kwd = (amount: string) => ({ amount, currency: "KWD" });
    const data = { orderNumber: "1003", refunded: kwd("12345"), remainingTotal: kwd("30750") };
    const en = await renderEmail("refund-confirmation", data, { language: "en", intlLocale: "en-KW" });
    expect(en.html).toMatch(/KWD\s12\.345/);
    expect(en.html).toMatch(/KWD\s30\.750/);
    expect(en.text).toMatch(/KWD\s12\.345/);
    const ar = await renderEmail("refund-confirmation", data, { language: "ar", intlLocale: "ar-KW" });
    expect(ar.html).toContain("١٢٫٣٤٥"); // Arabic-Indic digits, three decimals
  });

  it("word a staff refund and an unfulfillable payment's refund differently from the one refund template", async () => {
    const data = { orderNumber: "1004", customerName: "Anna", refunded: eur("5000"), remainingTotal: eur("0"), reason: "Beschädigt" };
    const refund = await renderEmail("refund-confirmation", data, { language: "de", intlLocale: "de-DE" });
    const unfulfillable = await renderEmail("payment-refunded", { ...data, remainingTotal: null, reason: null }, { language: "de", intlLocale: "de-DE" });
    // The wording comes from each variant's catalog entries (app/locales/email/de.json).
    const de = emailCatalogs.de as Record<string, Record<string, string>>;
    expect(refund.subject).toBe(de.refundConfirmation!.subject!.replace("{number}", "1004"));
    expect(unfulfillable.subject).toBe(de.paymentRefunded!.subject!.replace("{number}", "1004"));
    // The plain-text part writes headings in capitals; the HTML keeps the catalog's text.
    expect(refund.html).toContain(de.refundConfirmation!.heading);
    expect(refund.text).toContain(de.refundConfirmation!.remaining);
    expect(refund.text).toContain("Beschädigt");
    expect(unfulfillable.html).toContain(de.paymentRefunded!.heading);
    expect(unfulfillable.text).not.toContain(de.refundConfirmation!.remaining);
    expect(unfulfillable.text).toContain("Anna");
    for (const r of [refund, unfulfillable]) expect(r.text).toMatch(/50,00\s€/);
  });

  it("say 'included' vs 'added' for tax lines, show duties and the DDU notice", async () => {
    const usd = (amount: string) => ({ amount, currency: "USD" });
    const data: OrderConfirmationData = {
      ...orderData,
      lines: [{ title: "Teapot", quantity: 2, price: usd("9600") }],
      subtotal: usd("9600"),
      discounts: null,
      discountCodes: [],
      shipping: usd("0"),
      taxLines: [{ name: "Sales tax", rateBp: 887.5, amount: usd("852"), included: false }],
      duties: usd("1200"),
      total: usd("11652"),
      dduNotice: false,
    };
    const r = await renderEmail("order-confirmation", data, { language: "en", intlLocale: "en-US" });
    expect(r.text).toContain("Sales tax (8.875%)");
    expect(r.text).not.toContain("Including Sales tax");
    expect(r.text).toContain("Import duties and taxes");
    expect(r.text).toContain("$116.52");
    expect(r.text).toContain("Free");
    const inclusive = await renderEmail("order-confirmation", orderData, { language: "en", intlLocale: "en-IE" });
    expect(inclusive.text).toContain("Including MwSt. (19%)");
    const ddu = await renderEmail("order-confirmation", { ...data, duties: null, dduNotice: true }, { language: "fr", intlLocale: "fr-CH" });
    expect(ddu.text).toContain("Les droits et taxes d’importation de votre pays ne sont pas inclus");
  });

  it("name taxes in the reader's language, although orders record the tax engine's English names", async () => {
    const data: OrderConfirmationData = { ...orderData, taxLines: [{ name: "VAT", rateBp: 1900, amount: eur("957"), included: true }] };
    const de = await renderEmail("order-confirmation", data, { language: "de", intlLocale: "de-DE" });
    expect(de.text).toMatch(/inkl\. MwSt\. \(19\s%\)/); // "MwSt.": Mehrwertsteuer, the German shelf label for VAT
    expect(de.text).not.toContain("VAT");
    const ja = await renderEmail("order-confirmation", data, { language: "ja", intlLocale: "ja-JP" });
    expect(ja.text).toContain("付加価値税");
    const ar = await renderEmail("order-confirmation", data, { language: "ar", intlLocale: "ar-AE" });
    expect(ar.text).toContain("ضريبة القيمة المضافة");
    const gst = { ...data, taxLines: [{ name: "GST", rateBp: 500, amount: { amount: "250", currency: "CAD" }, included: false }] };
    // Canada's GST is the TPS (taxe sur les produits et services) in French.
    expect((await renderEmail("order-confirmation", gst, { language: "fr", intlLocale: "fr-CA" })).text).toMatch(/TPS \(5\s%\)/);
  });

  it("every template renders in every language with no missing message", async () => {
    const samples = Object.fromEntries(
      await Promise.all(
        (Object.keys(emailTemplates) as EmailTemplateName[]).map(async (name) => {
          // Both refund wordings are one template file.
          const file = name === "payment-refunded" ? "refund-confirmation" : name;
          const mod = (await import(`../../../emails/${file}.tsx`)) as { default: { PreviewProps: { data: unknown } } };
          return [name, mod.default.PreviewProps.data];
        }),
      ),
    ) as unknown as EmailTemplateData;
    const english = new Map<string, string>();
    for (const language of Object.keys(emailCatalogs)) {
      for (const name of Object.keys(emailTemplates) as EmailTemplateName[]) {
        const r = await renderEmail(name, samples[name] as never, { language, intlLocale: language });
        // An unresolved key would show up verbatim, e.g. "orderConfirmation.heading".
        expect(r.text, `${language}/${name}`).not.toMatch(/\b(common|orderConfirmation|paymentPending|shippingConfirmation|refundConfirmation|paymentRefunded|account|staffInvitation|tierChange|pointsExpiry|newsletter|marketing)\.[a-z]/i);
        // Order emails name the order in the subject; account, staff, newsletter, points and membership emails are about no order.
        if (!/^(account|staff|tier|points|newsletter|marketing)-/.test(name)) expect(r.subject).toMatch(/1\d{3}/);
        if (language === "en") english.set(name, r.subject);
        // A marketing message's (and a campaign's) subject is the marketer's own text, written per language by them.
        else if (!name.startsWith("marketing-")) expect(r.subject, `${language}/${name}`).not.toBe(english.get(name));
      }
    }
  });

  it("ship the same message keys in all seven catalogs", () => {
    type Node = { [k: string]: string | Node };
    const keys = (o: Node, pre = ""): string[] =>
      Object.entries(o).flatMap(([k, v]) => (typeof v === "string" ? [pre + k] : keys(v, `${pre}${k}.`)));
    const en = keys(emailCatalogs.en as Node).sort();
    expect(Object.keys(emailCatalogs).sort()).toEqual(["ar", "de", "en", "es", "fr", "ja", "pt"]);
    for (const [lang, catalog] of Object.entries(emailCatalogs)) expect(keys(catalog as Node).sort(), lang).toEqual(en);
  });
});

describe("ResendMailer (real SDK against the local stand-in)", () => {
  let standin: ResendStandin;
  beforeAll(async () => {
    standin = await startResendStandin({ apiKey: "re_test_123" });
  });
  afterAll(async () => {
    await standin?.close();
  });
  afterEach(() => standin.reset());

  it("sends with the Idempotency-Key header and records the message in the outbox", async () => {
    const mailer = new ResendMailer({ apiKey: "re_test_123", baseUrl: standin.url });
    const msg = message({ orderId: "ord_r1", subject: "Order #1001 confirmed" });
    const sent = await mailer.send(msg);
    expect(sent.transport).toBe("resend");
    expect(standin.requests).toHaveLength(1);
    const req = standin.requests[0]!;
    expect(req).toMatchObject({ method: "POST", path: "/emails", status: 200 });
    expect(req.headers["idempotency-key"]).toBe(msg.idempotencyKey);
    expect(req.headers.authorization).toBe("Bearer re_test_123");
    expect(req.body).toMatchObject({ from: DEFAULT_MAIL_FROM, to: msg.to, subject: msg.subject, html: msg.html, text: msg.text });
    expect(standin.emails.has(sent.providerId!)).toBe(true);

    const rows = await outboxRows(msg.idempotencyKey);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: sent.id, transport: "resend", providerId: sent.providerId, orderId: "ord_r1" });

    // Same key again: answered from the outbox, nothing sent.
    const again = await mailer.send(msg);
    expect(again).toMatchObject({ id: sent.id, providerId: sent.providerId, duplicate: true });
    expect(standin.requests).toHaveLength(1);
  });

  it("turns a 429 into a retryable error carrying retry-after, and sends on the next try", async () => {
    const mailer = new ResendMailer({ apiKey: "re_test_123", baseUrl: standin.url });
    const msg = message();
    standin.rateLimitNext({ retryAfterSeconds: 7 });
    const err = await mailer.send(msg).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MailRetryableError);
    expect(err).toMatchObject({ statusCode: 429, code: "rate_limit_exceeded", retryAfterMs: 7000, retryable: true });
    expect(await outboxRows(msg.idempotencyKey)).toHaveLength(0);

    const sent = await mailer.send(msg);
    expect(sent.transport).toBe("resend");
    expect(standin.requests.map((r) => r.status)).toEqual([429, 200]);
    expect(standin.requests.every((r) => r.headers["idempotency-key"] === msg.idempotencyKey)).toBe(true);
  });

  it("rejects invalid messages permanently", async () => {
    const mailer = new ResendMailer({ apiKey: "re_test_123", baseUrl: standin.url });
    const err = await mailer.send(message({ from: "not-an-address" })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MailRejectedError);
    expect(err).toMatchObject({ statusCode: 422, permanent: true });
  });

  it("getMailer() uses Resend at RESEND_BASE_URL when RESEND_API_KEY is set; a 429 reschedules the job", async () => {
    stubEnv({ RESEND_API_KEY: "re_test_123", RESEND_BASE_URL: standin.url });
    expect(getMailer()).toBeInstanceOf(ResendMailer);

    const idempotencyKey = "mail:shipping-confirmation:ful_1";
    const { id } = await queueEmail({
      template: "shipping-confirmation",
      to: "camille@example.com",
      locale: "fr",
      intlLocale: "fr-FR",
      idempotencyKey,
      orderId: "ord_fr_1",
      data: { orderNumber: "1001", carrier: "DHL Express", trackingNumber: "JD0146", trackingUrl: "https://dhl.example/t/JD0146" },
    });
    standin.rateLimitNext({ retryAfterSeconds: 30 });
    expect(await runDueJobs({ kinds: [MAIL_SEND] })).toMatchObject({ claimed: 1, retried: 1 });
    let [job] = await db.current.db.select().from(jobsTable).where(eq(jobsTable.id, id));
    expect(job).toMatchObject({ status: "queued", attempts: 1 });
    expect(job!.lastError).toContain("rate_limit_exceeded");
    const [{ delay }] = (await db.current.db
      .select({ delay: sql<number>`extract(epoch from (${jobsTable.runAt} - now()))::float8` })
      .from(jobsTable)
      .where(eq(jobsTable.id, id))) as [{ delay: number }];
    expect(Number(delay)).toBeGreaterThan(25);
    expect(Number(delay)).toBeLessThanOrEqual(30.5);

    await db.current.db.update(jobsTable).set({ runAt: sql`now()` }).where(eq(jobsTable.id, id));
    expect(await runDueJobs({ kinds: [MAIL_SEND] })).toMatchObject({ claimed: 1, done: 1 });
    [job] = await db.current.db.select().from(jobsTable).where(eq(jobsTable.id, id));
    expect(job!.status).toBe("done");

    const [row] = await outboxRows(idempotencyKey);
    expect(row).toMatchObject({ transport: "resend", subject: "Votre commande n° 1001 est en route", locale: "fr" });
    expect(standin.emails.get(row!.providerId!)?.subject).toBe("Votre commande n° 1001 est en route");
    const posts = standin.requests.filter((r) => r.path === "/emails");
    expect(posts.map((r) => [r.status, r.headers["idempotency-key"]])).toEqual([
      [429, idempotencyKey],
      [200, idempotencyKey],
    ]);
  });
});
