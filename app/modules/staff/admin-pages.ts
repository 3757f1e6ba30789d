/**
 * Every admin page, the permission it needs (null: any staff member) and whether the navigation
 * links to it. The admin layout builds its navigation from this list (a role sees only what it may
 * open), each page's loader and action check the same permission, and the role-matrix test walks
 * the list, so a page added here is covered automatically. Client-safe.
 */
import type { MessageKey } from "~/lib/i18n";
import type { Permission } from "./permissions";

export interface AdminPage {
  /** URL path; `:param` segments are filled in by the test. */
  path: string;
  /** Route module under app/ (routes.ts), for the role-matrix test. */
  file: string;
  permission: Permission | null;
  /** The permission its form actions need; absent when the page has no action. */
  actionPermission?: Permission;
  /** The navigation label; absent for pages reached from another page (details). */
  nav?: MessageKey;
}

export const ADMIN_PAGES: readonly AdminPage[] = [
  { path: "/admin", file: "routes/admin._index.tsx", permission: null, nav: "admin.nav.dashboard" },
  { path: "/admin/orders", file: "routes/admin.orders._index.tsx", permission: "read:orders", nav: "admin.nav.orders" },
  { path: "/admin/orders/:id", file: "routes/admin.orders.$id.tsx", permission: "read:orders", actionPermission: "write:orders" },
  { path: "/admin/customers", file: "routes/admin.customers._index.tsx", permission: "read:customers", nav: "admin.nav.customers" },
  { path: "/admin/customers/:id", file: "routes/admin.customers.$id.tsx", permission: "read:customers" },
  { path: "/admin/contacts", file: "routes/admin.contacts._index.tsx", permission: "read:customers", nav: "admin.nav.contacts" },
  { path: "/admin/contacts/:id", file: "routes/admin.contacts.$id.tsx", permission: "read:customers", actionPermission: "write:customers" },
  // CSV downloads (issue #11): no page of their own; the lists link to them.
  { path: "/admin/exports/contacts.csv", file: "routes/admin.exports.contacts.ts", permission: "read:customers" },
  { path: "/admin/exports/orders.csv", file: "routes/admin.exports.orders.ts", permission: "read:orders" },
  { path: "/admin/exports/points.csv", file: "routes/admin.exports.points.ts", permission: "read:customers" },
  { path: "/admin/staff", file: "routes/admin.staff.tsx", permission: "read:staff", actionPermission: "write:staff", nav: "admin.nav.staff" },
  { path: "/admin/api-tokens", file: "routes/admin.api-tokens.tsx", permission: "read:staff", actionPermission: "write:staff", nav: "admin.nav.apiTokens" },
  { path: "/admin/audit-log", file: "routes/admin.audit-log.tsx", permission: "read:audit-log", nav: "admin.nav.auditLog" },
  { path: "/admin/mail", file: "routes/admin.mail._index.tsx", permission: "read:outbox", nav: "admin.nav.mail" },
  { path: "/admin/suppressions", file: "routes/admin.suppressions.tsx", permission: "read:customers", actionPermission: "write:customers", nav: "admin.nav.suppressions" },
  { path: "/admin/mail/:id", file: "routes/admin.mail.$id.tsx", permission: "read:outbox", actionPermission: "write:customers" },
  { path: "/admin/products", file: "routes/admin.products._index.tsx", permission: "read:products", nav: "admin.nav.products" },
  { path: "/admin/products/:id", file: "routes/admin.products.$id.tsx", permission: "read:products", actionPermission: "write:products" },
  { path: "/admin/collections", file: "routes/admin.collections.tsx", permission: "read:products", actionPermission: "write:collections", nav: "admin.nav.collections" },
  { path: "/admin/markets", file: "routes/admin.markets._index.tsx", permission: "read:markets", actionPermission: "write:markets", nav: "admin.nav.markets" },
  { path: "/admin/markets/:handle", file: "routes/admin.markets.$handle.tsx", permission: "read:markets", actionPermission: "write:markets" },
  { path: "/admin/loyalty", file: "routes/admin.loyalty.tsx", permission: "read:campaigns", actionPermission: "write:campaigns", nav: "admin.nav.loyalty" },
  { path: "/admin/tiers", file: "routes/admin.tiers.tsx", permission: "read:campaigns", actionPermission: "write:campaigns", nav: "admin.nav.tiers" },
  { path: "/admin/referrals", file: "routes/admin.referrals._index.tsx", permission: "read:campaigns", actionPermission: "write:campaigns", nav: "referrals.admin.nav" },
  { path: "/admin/referrals/review", file: "routes/admin.referrals.review.tsx", permission: "read:campaigns", actionPermission: "write:campaigns" },
  { path: "/admin/referrals/:id", file: "routes/admin.referrals.$id.tsx", permission: "read:campaigns" },
  { path: "/admin/segments", file: "routes/admin.segments._index.tsx", permission: "read:segments", nav: "admin.nav.segments" },
  { path: "/admin/segments/new", file: "routes/admin.segments.new.tsx", permission: "write:segments", actionPermission: "write:segments" },
  { path: "/admin/segments/:id", file: "routes/admin.segments.$id.tsx", permission: "read:segments", actionPermission: "write:segments" },
  { path: "/admin/campaigns", file: "routes/admin.campaigns._index.tsx", permission: "read:campaigns", nav: "admin.nav.campaigns" },
  { path: "/admin/campaigns/new", file: "routes/admin.campaigns.new.tsx", permission: "write:campaigns", actionPermission: "write:campaigns" },
  { path: "/admin/campaigns/:id", file: "routes/admin.campaigns.$id.tsx", permission: "read:campaigns", actionPermission: "write:campaigns" },
  { path: "/admin/settings", file: "routes/admin.settings.tsx", permission: "read:settings", actionPermission: "write:settings", nav: "admin.nav.settings" },
];
