/** The shipping method codes (client-safe, no imports): the db enum, the API and quotes all use this list. */
export const SHIPPING_METHODS = ["express", "dedicated", "postal", "local"] as const;
export type ShippingMethodCode = (typeof SHIPPING_METHODS)[number];
