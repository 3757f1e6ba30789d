import { describe, expect, it } from "vitest";
import { useTestDatabase } from "~db/testing";
import { OutboxMailer } from "./mailer.server";
import { recentOutboxEmails } from "./outbox.server";

useTestDatabase();

function message(key: string, orderId: string | null) {
  return {
    idempotencyKey: key,
    template: "order-confirmation",
    to: "ada@example.com",
    from: "Shop <shop@example.com>",
    subject: `Subject ${key}`,
    html: "<p>html</p>",
    text: `text ${key}`,
    locale: "de",
    orderId,
  };
}

describe("recentOutboxEmails", () => {
  it("lists one order's messages, without their HTML", async () => {
    const mailer = new OutboxMailer();
    await mailer.send(message("outbox-test:1", "ord_outbox_a"));
    await mailer.send(message("outbox-test:2", "ord_outbox_b"));
    const rows = await recentOutboxEmails({ orderId: "ord_outbox_a" });
    expect(rows).toEqual([
      { to: "ada@example.com", subject: "Subject outbox-test:1", template: "order-confirmation", locale: "de", text: "text outbox-test:1", orderId: "ord_outbox_a", headers: {} },
    ]);
  });

  it("caps the list at the limit", async () => {
    expect(await recentOutboxEmails({ limit: 1 })).toHaveLength(1);
  });
});
