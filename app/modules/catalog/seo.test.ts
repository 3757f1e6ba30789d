import { describe, expect, it } from "vitest";
import { useTestDatabase } from "~db/testing";
import { loader as healthz } from "~/routes/healthz";
import { loader as robots } from "~/routes/robots-txt";
import { loader as sitemapIndex } from "~/routes/sitemap-xml";
import { loader as marketSitemap } from "~/routes/sitemaps.$file";
import { loader as productPage } from "~/routes/market.products.$handle";
import { loader as home } from "~/routes/_index";
import { seoMeta } from "~/lib/seo";

useTestDatabase();
const args = (url: string, params: Record<string, string> = {}) => ({ request: new Request(url), params, context: {} });

describe("SEO and operations endpoints", () => {
  it("healthz reports the database kind", async () => {
    const res = await healthz();
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, db: expect.stringMatching(/^(pglite|postgres)$/) });
  });

  it("robots.txt points at the sitemap index", async () => {
    const body = await (await robots(args("http://shop.test/robots.txt"))).text();
    expect(body).toContain("Sitemap: http://shop.test/sitemap.xml");
    expect(body).toContain("Disallow: /api/");
  });

  it("sitemap index lists one sitemap per market; each has hreflang alternates and x-default", async () => {
    const index = await (await sitemapIndex(args("http://shop.test/sitemap.xml"))).text();
    expect(index.match(/<sitemap>/g)?.length).toBe(15);
    expect(index).toContain("http://shop.test/sitemaps/de-de.xml");
    const de = await (await marketSitemap(args("http://shop.test/sitemaps/de-de.xml", { file: "de-de.xml" }))).text();
    expect(de).toContain("<loc>http://shop.test/de-de/products/");
    expect(de).toContain('hreflang="ja-JP"');
    expect(de).toContain('hreflang="x-default"');
    await expect(marketSitemap(args("http://shop.test/sitemaps/xx-yy.xml", { file: "xx-yy.xml" }))).rejects.toMatchObject({ status: 404 });
  });

  it("product pages carry Product/Offer JSON-LD, breadcrumbs, canonical and hreflang", async () => {
    const { getMarket } = await import("../markets/markets.server");
    const { listProducts } = await import("./catalog.server");
    const m = (await getMarket("de-de"))!;
    const [card] = (await listProducts({ market: m, sort: "best-selling", limit: 1, offset: 0 })).items;
    const { data } = await productPage(args(`http://shop.test/de-de/products/${card!.handle}`, { market: "de-de", handle: card!.handle }));
    const tags = seoMeta(data.seo);
    expect(tags).toContainEqual({ tagName: "link", rel: "canonical", href: `http://shop.test/de-de/products/${card!.handle}` });
    expect(tags.filter((t) => "hrefLang" in t && t.hrefLang !== "x-default").length).toBe(15);
    const product = data.seo.jsonLd.find((j) => (j as { "@type": string })["@type"] === "Product") as { offers: { priceCurrency: string; price: string; availability: string }[] };
    expect(product.offers[0]).toMatchObject({ priceCurrency: "EUR", price: expect.stringMatching(/^\d+\.\d{2}$/) });
    expect(data.seo.jsonLd.some((j) => (j as { "@type": string })["@type"] === "BreadcrumbList")).toBe(true);
  });

  it("/ redirects without caching, by Accept-Language", async () => {
    const res = await home({ request: new Request("http://shop.test/", { headers: { "accept-language": "ja-JP,ja" } }), params: {}, context: {} });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/ja-jp");
    expect(res.headers.get("cache-control")).toContain("no-store");
  });
});
