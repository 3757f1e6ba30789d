/**
 * Roles and what each may do, in one table. A permission is an `action:entity` string; every admin
 * loader, action, Admin API operation and CLI write names the one it needs (`requirePermission`),
 * and the role-matrix test walks every page and operation against this table.
 * Pure: the admin layout uses it to show only what a role may open.
 */

export const ROLES = ["owner", "marketer", "support", "catalog"] as const;
export type Role = (typeof ROLES)[number];

const PERMISSIONS = [
  "read:orders",
  "write:orders",
  "refund:orders",
  "read:customers",
  "write:customers",
  "read:products",
  "write:products",
  "write:collections",
  "write:inventory",
  "write:prices",
  "read:discounts",
  "write:discounts",
  "read:campaigns",
  "write:campaigns",
  "read:segments",
  "write:segments",
  "read:markets",
  "write:markets",
  "read:settings",
  "write:settings",
  "read:staff",
  "write:staff",
  "read:audit-log",
  "read:outbox",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** The owner may do everything; the other roles get exactly what is listed. */
const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  owner: PERMISSIONS,
  // CRM, campaigns, segments and discounts; reads catalog and orders.
  marketer: ["read:customers", "read:campaigns", "write:campaigns", "read:segments", "write:segments", "read:discounts", "write:discounts", "read:products", "read:orders"],
  // Orders, customers and refunds (up to the support refund limit, enforced by the refund operation); no settings.
  support: ["read:orders", "write:orders", "refund:orders", "read:customers", "write:customers", "read:outbox"],
  // Products, collections, inventory and prices; reads markets to preview converted prices.
  catalog: ["read:products", "write:products", "write:collections", "write:inventory", "write:prices", "read:markets"],
};

export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}
