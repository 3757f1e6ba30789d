import type { SeedProduct } from "../types";
import { apparelProducts } from "./products-apparel";
import { ceramicsProducts } from "./products-ceramics";
import { homeProducts } from "./products-home";
import { teaProducts } from "./products-tea";

/** The Kiln & Loom demo catalog: tea ware, ceramics, linen & home fragrance, apparel & accessories. */
export const demoProducts: SeedProduct[] = [...teaProducts, ...ceramicsProducts, ...homeProducts, ...apparelProducts];
