/** Cart types shared by server and browser code (forms, views). */
export type { Address } from "~db/schema/cart";
