/** Cart lifecycle (client-safe, no imports): `checking_out` while a payment is open, `completed` once ordered. */
export const CART_STATUSES = ["active", "checking_out", "completed", "abandoned"] as const;
