import type { ProductInput } from "~/modules/catalog/catalog-input";
import { apparelProducts } from "./products-apparel";
import { ceramicsProducts } from "./products-ceramics";
import { homeProducts } from "./products-home";
import { teaProducts } from "./products-tea";

/** The Kiln & Loom demo catalog: tea ware, ceramics, linen & home fragrance, apparel & accessories. */
export const demoProducts: ProductInput[] = [...teaProducts, ...ceramicsProducts, ...homeProducts, ...apparelProducts];
