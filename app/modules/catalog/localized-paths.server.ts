import type { Market } from "../markets/markets";
import { getMarket } from "../markets/markets.server";
import { getCollectionByHandle, getProductByHandle } from "./catalog.server";

/**
 * The same page in another market: `/de-de/products/seladon-teekanne?x=1` → `/ja-jp/products/seiji-kyusu?x=1`.
 * Handles are localized, so product and collection paths are translated through the catalog.
 */
export async function switchMarketPath(path: string, to: Market): Promise<string> {
  const url = new URL(path, "http://x");
  const [, from, kind, handle, ...rest] = url.pathname.split("/");
  const fromMarket = await getMarket(from);
  if (!fromMarket) return `/${to.handle}`;
  let suffix = url.pathname.slice(from!.length + 1);
  if (handle && !rest.length) {
    if (kind === "products") {
      const r = await getProductByHandle(fromMarket, handle);
      const id = r.kind === "found" ? r.product : null;
      const alt = id?.alternates.find((a) => a.market === to.handle);
      suffix = alt ? `/products/${alt.handle}` : "";
    } else if (kind === "collections") {
      const r = await getCollectionByHandle(fromMarket, handle);
      const alt = r.kind === "found" ? r.collection.alternates.find((a) => a.market === to.handle) : undefined;
      suffix = alt ? `/collections/${alt.handle}` : "";
    }
  }
  return `/${to.handle}${suffix}${url.search}`;
}
