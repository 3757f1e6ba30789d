/**
 * `/r/CODE` (issue #10, referrals): the click is counted, the attribution cookie is signed, HttpOnly,
 * SameSite=Lax and lasts 30 days, a device cookie is set once, the friend's code waits in a cart of the
 * visitor's market (Accept-Language), and an earlier referrer's cookie is kept (first referrer wins).
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { referralClicksTable } from "~db/schema";
import { useTestDatabase } from "~db/testing";
import { loader } from "~/routes/r.$code";
import { cartFromRequest } from "~/modules/cart/cart-session.server";
import { ensureContact } from "~/modules/contacts/contacts.server";
import { referralLinkFor } from "~/modules/referrals/links.server";

const db = useTestDatabase();

async function open(code: string, headers: Record<string, string> = {}) {
  const r = (await loader({ request: new Request(`http://shop.test/r/${code}`, { headers }), params: { code }, context: {} })) as Response;
  const cookies = r.headers.getSetCookie();
  const jar = cookies.map((c) => c.split(";")[0]!).join("; ");
  return { status: r.status, location: r.headers.get("location"), cookies, jar };
}

async function codeFor(email: string) {
  const contact = await ensureContact(db.current.db, { email, locale: "en", source: "account" });
  return (await referralLinkFor(contact.id, "en-us")).code;
}

describe("/r/CODE", () => {
  it("counts the click, sets the cookies and sends a ja visitor to the ja-jp cart with the friend's code", async () => {
    const code = await codeFor("sharer1@example.com");
    const r = await open(code, { "Accept-Language": "ja-JP,ja;q=0.9" });
    expect(r.status).toBe(302);
    expect(r.location).toBe("/ja-jp/cart");
    const ref = r.cookies.find((c) => c.startsWith("harbor_ref="))!;
    expect(ref).toMatch(/; Path=\/; Max-Age=2592000; HttpOnly; SameSite=Lax/);
    expect(r.cookies.find((c) => c.startsWith("harbor_device="))).toMatch(/HttpOnly; SameSite=Lax/);
    const cart = await cartFromRequest(new Request("http://shop.test/", { headers: { cookie: r.jar } }));
    expect(cart!.market).toBe("ja-jp");
    expect(cart!.discountCodes).toEqual([expect.stringMatching(/^FRIEND/)]);
    const clicks = await db.current.db.select().from(referralClicksTable).where(eq(referralClicksTable.code, code));
    expect(clicks).toHaveLength(1);
    expect(clicks[0]!.friendCode).toBe(cart!.discountCodes[0]);
  });

  it("keeps the first referrer's cookie and the device, and counts the second click", async () => {
    const first = await open(await codeFor("sharer2@example.com"), { "Accept-Language": "de-DE" });
    const secondCode = await codeFor("sharer3@example.com");
    const second = await open(secondCode, { "Accept-Language": "de-DE", cookie: first.jar });
    expect(second.cookies.some((c) => c.startsWith("harbor_ref="))).toBe(false);
    expect(second.cookies.some((c) => c.startsWith("harbor_device="))).toBe(false);
    expect(await db.current.db.select().from(referralClicksTable).where(eq(referralClicksTable.code, secondCode))).toHaveLength(1);
  });

  it("ignores a forged attribution cookie, and an unknown code only redirects", async () => {
    const code = await codeFor("sharer4@example.com");
    const forged = await open(code, { "Accept-Language": "en-US", cookie: "harbor_ref=rclk_0000000000000000000000.9999999999.forged" });
    expect(forged.cookies.some((c) => c.startsWith("harbor_ref="))).toBe(true);
    const unknown = await open("NOSUCHCODE", { "Accept-Language": "en-US" });
    expect(unknown).toMatchObject({ status: 302, location: "/en-us" });
    expect(unknown.cookies.some((c) => c.startsWith("harbor_ref="))).toBe(false);
  });
});
