import { type RouteConfig, index, route } from "@remix-run/route-config";

export default [
  index("routes/_index.ts"),
  route("healthz", "routes/healthz.ts"),
  route("robots.txt", "routes/robots-txt.ts"),
  route("sitemap.xml", "routes/sitemap-xml.ts"),
  route("sitemaps/:file", "routes/sitemaps.$file.ts"),
  route("localization", "routes/localization.ts"),
  route("api/v1/openapi.json", "routes/api.v1.openapi.ts"),
  route("api/v1/markets", "routes/api.v1.markets.ts"),
  route("api/v1/collections", "routes/api.v1.collections.ts"),
  route("api/v1/products", "routes/api.v1.products.ts"),
  route("api/v1/products/:handle", "routes/api.v1.products.$handle.ts"),
  route("api/*", "routes/api.$.ts"),
  route(":market", "routes/market.tsx", [
    index("routes/market._index.tsx"),
    route("collections", "routes/market.collections._index.tsx"),
    route("collections/:handle", "routes/market.collections.$handle.tsx"),
    route("products/:handle", "routes/market.products.$handle.tsx"),
    route("search", "routes/market.search.tsx"),
    route("*", "routes/market.$.tsx"),
  ]),
] satisfies RouteConfig;
