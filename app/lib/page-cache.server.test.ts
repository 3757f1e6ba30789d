import { describe, expect, it } from "vitest";
import { PageCache, invalidatePageCaches, pageCacheKey, pageCacheMiddleware } from "./page-cache.server";

const page = (body: string, at = 0) => ({ at, status: 200, headers: [["content-type", "text/html"]] as [string, string][], body });

describe("PageCache", () => {
  it("holds at most maxEntries pages and drops the least recently used first", () => {
    const cache = new PageCache(2, 60_000);
    cache.set("a", page("A"));
    cache.set("b", page("B"));
    expect(cache.get("a", 1)?.body).toBe("A"); // a is now the most recent
    cache.set("c", page("C"));
    expect(cache.size).toBe(2);
    expect(cache.get("b", 1)).toBeUndefined();
    expect(cache.get("a", 1)?.body).toBe("A");
    expect(cache.get("c", 1)?.body).toBe("C");
  });

  it("forgets a page once its lifetime has passed", () => {
    const cache = new PageCache(10, 1000);
    cache.set("a", page("A", 0));
    expect(cache.get("a", 999)?.body).toBe("A");
    expect(cache.get("a", 1000)).toBeUndefined();
    expect(cache.size).toBe(0);
  });
});

describe("pageCacheKey", () => {
  const req = (originalUrl: string, headers: Record<string, string> = {}, method = "GET") => ({ method, originalUrl, protocol: "https", headers: { host: "shop.test", ...headers } });
  const neutral = ["harbor_market"];

  it("keys the catalog pages of a market by their full URL", () => {
    expect(pageCacheKey(req("/en-us"), neutral)).toBe("https://shop.test/en-us");
    expect(pageCacheKey(req("/de-de/products/teeschale?option.color=celadon"), neutral)).toBe("https://shop.test/de-de/products/teeschale?option.color=celadon");
    expect(pageCacheKey(req("/ja-jp/collections/tea-ware"), neutral)).toBe("https://shop.test/ja-jp/collections/tea-ware");
    expect(pageCacheKey(req("/en-us/products/x", { cookie: "harbor_market=en-us" }), neutral)).not.toBeNull();
  });

  it("never serves personal, changing or non-catalog requests from the cache", () => {
    expect(pageCacheKey(req("/en-us/products/x", { cookie: "harbor_cart=abc" }), neutral)).toBeNull();
    expect(pageCacheKey(req("/en-us/products/x", { cookie: "harbor_market=en-us; harbor_session=s" }), neutral)).toBeNull();
    expect(pageCacheKey(req("/en-us/products/x", { authorization: "Bearer t" }), neutral)).toBeNull();
    expect(pageCacheKey(req("/en-us/products/x", {}, "POST"), neutral)).toBeNull();
    for (const url of ["/", "/en-us/cart", "/en-us/checkout", "/en-us/search?q=tea", "/en-us/products/x.data", "/api/v1/products", "/admin"]) {
      expect(pageCacheKey(req(url), neutral), url).toBeNull();
    }
  });
});

describe("pageCacheMiddleware", () => {
  type Res = ReturnType<typeof fakeRes>;
  function fakeRes(nonce: string) {
    const headers = new Map<string, string>();
    const res = {
      locals: { cspNonce: nonce },
      statusCode: 200,
      sent: "",
      status(c: number) {
        res.statusCode = c;
        return res;
      },
      setHeader(k: string, v: string) {
        headers.set(k.toLowerCase(), v);
      },
      getHeader: (k: string) => headers.get(k.toLowerCase()),
      getHeaders: () => Object.fromEntries(headers),
      write(chunk: string) {
        res.sent += chunk;
        return true;
      },
      end(chunk?: string) {
        if (chunk) res.sent += chunk;
        return res;
      },
    };
    return res;
  }
  const request = { method: "GET", originalUrl: "/en-us/products/x", protocol: "http", headers: { host: "h" } };
  // Renders like Remix would: the nonce of this response in the page.
  const render = (res: Res) => {
    res.setHeader("Content-Type", "text/html; charset=utf-8");
    res.setHeader("Content-Security-Policy", `script-src 'nonce-${res.locals.cspNonce}'`);
    res.write(`<script nonce="${res.locals.cspNonce}">`);
    res.end("</script>");
  };
  const serve = (mw: ReturnType<typeof pageCacheMiddleware>, res: Res) => {
    let rendered = false;
    mw(request as never, res as never, () => {
      rendered = true;
      render(res);
    });
    return rendered;
  };

  it("answers the second request from the cache with that request's own nonce, until the catalog changes", () => {
    const mw = pageCacheMiddleware({ maxEntries: 10, ttlMs: 60_000, neutralCookies: [] });
    const first = fakeRes("n1");
    expect(serve(mw, first)).toBe(true);
    const second = fakeRes("n2");
    expect(serve(mw, second)).toBe(false);
    expect(second.sent).toBe('<script nonce="n2"></script>');
    expect(second.getHeader("content-security-policy")).toBeUndefined(); // set by the security middleware per request
    expect(second.getHeader("content-type")).toBe("text/html; charset=utf-8");
    invalidatePageCaches();
    expect(serve(mw, fakeRes("n3"))).toBe(true);
  });
});
