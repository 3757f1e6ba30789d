/** Cart types shared by server and browser code (forms, views). */
export type { Address } from "~db/schema/cart";

/** Units of one variant a cart line may hold: pages, forms, the API and the cart module share it. */
export const MAX_LINE_QUANTITY = 99;
