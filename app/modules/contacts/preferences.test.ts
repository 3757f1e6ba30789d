// /{market}/account/preferences: the current status and since when, and one click to withdraw or give
// consent (issue #10: "withdrawing is as easy as giving").
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { beforeAll, describe, expect, it } from "vitest";
import { customersTable } from "~db/schema";
import { useTestDatabase } from "~db/testing";
import { action, loader } from "~/routes/market.account.preferences";
import { registerAllJobHandlers } from "~/server/job-handlers.server";
import { createSession } from "../customers/sessions.server";
import { consentHistory } from "./consent.server";
import { findContactByEmail } from "./contacts.server";

const db = useTestDatabase();
beforeAll(() => registerAllJobHandlers());

const ORIGIN = "http://localhost";

async function signedIn(email: string, verified: boolean) {
  const id = `cus_pref_${email.split("@")[0]}`;
  await db.current.db.insert(customersTable).values({ id, email, locale: "de", emailVerifiedAt: verified ? new Date() : null });
  const { token } = await createSession(id, "cookie", null);
  return `harbor_customer=${token}`;
}

async function page(cookie: string) {
  const r = (await loader({ request: new Request(`${ORIGIN}/de-de/account/preferences`, { headers: { Cookie: cookie } }), params: { market: "de-de" }, context: {} } as LoaderFunctionArgs)) as { data: { status: string; since: string | null } };
  return r.data;
}

async function press(cookie: string, intent: string) {
  const request = new Request(`${ORIGIN}/de-de/account/preferences`, {
    method: "POST",
    headers: { Cookie: cookie, Origin: ORIGIN, "Content-Type": "application/x-www-form-urlencoded", "x-harbor-client-ip": "192.0.2.77", "User-Agent": "Pref/1" },
    body: new URLSearchParams({ intent }).toString(),
  });
  return (await action({ request, params: { market: "de-de" }, context: {} } as ActionFunctionArgs)) as { data: { saved: boolean }; init?: { status?: number } };
}

describe("account preferences", () => {
  it("subscribes a verified account at once (its address is proven) and unsubscribes with one click", async () => {
    const cookie = await signedIn("pref@example.com", true);
    expect(await page(cookie)).toMatchObject({ status: "unsubscribed", since: null });
    expect((await press(cookie, "subscribe")).data).toEqual({ saved: true });
    const subscribed = await page(cookie);
    expect(subscribed.status).toBe("subscribed");
    expect(subscribed.since).toBeTruthy();
    expect((await press(cookie, "unsubscribe")).data).toEqual({ saved: true });
    expect((await page(cookie)).status).toBe("unsubscribed");
    const history = await consentHistory((await findContactByEmail("pref@example.com"))!.id);
    expect(history.map((e) => [e.status, e.source, e.ip])).toEqual([
      ["unsubscribed", "account", "192.0.2.77"],
      ["subscribed", "account", "192.0.2.77"],
    ]);
  });

  it("asks an unverified account to confirm by email in a double opt-in market; unknown intents are 400", async () => {
    const cookie = await signedIn("pref2@example.com", false);
    await press(cookie, "subscribe");
    expect((await page(cookie)).status).toBe("pending");
    expect((await press(cookie, "maybe")).init?.status).toBe(400);
  });
});
