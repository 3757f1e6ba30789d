// Store pages through the database: the demo seed writes them, getPage/listPages read them per market.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, migrateDb, setDatabase, type Database } from "~db/index";
import { demoPages, seedPages } from "~db/seed/pages";
import { catalogs } from "~/lib/i18n.server";
import { ensurePages, getPage, listPages } from "./content.server";

let database: Database;

beforeAll(async () => {
  if (process.env.DATABASE_URL) {
    const { createTestDatabase } = await import("~db/testing");
    database = await createTestDatabase();
  } else {
    database = await createDb({});
    await migrateDb(database);
    setDatabase(database);
  }
  await seedPages(database.db);
}, 120_000);

afterAll(async () => {
  await database?.close();
});

const deDE = { handle: "de-de", language: "de", localeFallback: ["de", "en"] };
const enUS = { handle: "en-us", language: "en", localeFallback: ["en"] };
const frCA = { handle: "fr-ca", language: "fr", localeFallback: ["fr-ca", "fr", "en"] };

describe("store pages", () => {
  it("has every shared page in every shipped UI language", () => {
    for (const page of demoPages.filter((p) => !p.markets)) {
      for (const language of Object.keys(catalogs)) expect(page.translations[language], `${page.slug} in ${language}`).toBeDefined();
    }
  });

  it("returns the market's language, falling back along its chain", async () => {
    expect((await getPage(deDE, "returns"))?.title).toBe("Rückgabe und Widerrufsrecht");
    const fr = await getPage(frCA, "privacy");
    expect(fr?.language).toBe("fr");
  });

  it("shows the legal notice (§ 5 DDG) in de-de only", async () => {
    const notice = await getPage(deDE, "legal-notice");
    expect(notice?.title).toBe("Impressum");
    // § 5 Abs. 1 DDG: address, quick contact (email), register number and VAT id must be given.
    expect(notice?.body).toMatch(/§ 5 DDG/);
    expect(notice?.body).toMatch(/E-Mail: \S+@\S+/);
    expect(notice?.body).toMatch(/HRB/);
    expect(notice?.body).toMatch(/§ 27a UStG/);
    expect(await getPage(enUS, "legal-notice")).toBeNull();
    expect((await listPages(enUS)).map((p) => p.slug)).toEqual(["shipping", "returns", "privacy", "terms", "contact"]);
    expect((await listPages(deDE)).map((p) => p.slug)).toEqual(["shipping", "returns", "privacy", "terms", "contact", "legal-notice"]);
  });

  it("includes the model withdrawal form of Annex I(B) of Directive 2011/83/EU in the returns page", async () => {
    // Wording from the Directive's English version and from Anlage 2 zu Art. 246a § 1 EGBGB.
    expect((await getPage(enUS, "returns"))?.body).toContain("I/We (*) hereby give notice that I/We (*) withdraw from my/our (*) contract of sale of the following goods (*)");
    expect((await getPage(deDE, "returns"))?.body).toContain("Hiermit widerrufe(n) ich/wir (*) den von mir/uns (*) abgeschlossenen Vertrag über den Kauf der folgenden Waren (*)");
    // Art. 9(1) of the Directive: 14 days.
    expect((await getPage(deDE, "returns"))?.body).toContain("binnen vierzehn Tagen");
  });

  it("keeps a merchant's edits when the seed runs again", async () => {
    await ensurePages([{ slug: "contact", position: 4, translations: { en: { title: "Changed", body: "x" } } }], database.db);
    expect((await getPage(enUS, "contact"))?.title).toBe("Contact");
  });
});
