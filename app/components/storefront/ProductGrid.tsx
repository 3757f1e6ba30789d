import { Link } from "@remix-run/react";
import { useT } from "~/lib/i18n";
import { Price } from "./Price";

export interface CardData {
  id: string;
  handle: string;
  title: string;
  image: { url: string; alt: string; width: number; height: number } | null;
  price: { amount: string; currency: string };
  priceMax: { amount: string; currency: string };
  compareAt: { amount: string; currency: string } | null;
  priorLowest: { amount: string; currency: string } | null;
  available: boolean;
}

/**
 * `heading`: the card titles' level, one below the heading the grid sits under (h2 under a page's h1).
 * `eager`: how many first images load at once — the grid at the top of a listing holds the page's
 * largest image, which must not wait for layout as lazy images do.
 */
export function ProductGrid({ market, products, heading: Heading = "h3", eager = 0 }: { market: string; products: CardData[]; heading?: "h2" | "h3"; eager?: number }) {
  const t = useT();
  return (
    <ul className="grid grid-cols-2 gap-x-4 gap-y-8 md:grid-cols-3 lg:grid-cols-4" data-testid="product-grid">
      {products.map((p, i) => (
        <li key={p.id}>
          <Link to={`/${market}/products/${p.handle}`} className="group block rounded-md" prefetch="intent">
            <div className="relative aspect-square overflow-hidden rounded-lg bg-stone-100">
              {p.image ? (
                <img
                  src={p.image.url}
                  alt={p.image.alt}
                  width={p.image.width}
                  height={p.image.height}
                  loading={i < eager ? "eager" : "lazy"}
                  className="h-full w-full object-cover transition group-hover:scale-105"
                />
              ) : null}
              {!p.available ? (
                <span className="absolute start-2 top-2 rounded bg-ink px-2 py-0.5 text-xs font-medium text-white">{t("product.soldOut")}</span>
              ) : p.compareAt ? (
                <span className="absolute start-2 top-2 rounded bg-clay px-2 py-0.5 text-xs font-medium text-white">{t("product.sale")}</span>
              ) : null}
            </div>
            <Heading className="mt-3 text-sm font-medium group-hover:underline">{p.title}</Heading>
            <Price price={p.price} compareAt={p.compareAt} priorLowest={p.priorLowest} from={p.price.amount !== p.priceMax.amount} className="mt-1 text-sm" />
          </Link>
        </li>
      ))}
    </ul>
  );
}
