import { PUBLIC_VIEWER, type CatalogViewer } from "~/modules/catalog/catalog";
import { contactForCustomer } from "~/modules/contacts/contacts.server";
import { customerForToken, customerFromRequest } from "~/modules/customers/sessions.server";
import { currentTier } from "~/modules/loyalty/tiers.server";
import { bearerToken } from "~/lib/http.server";

/**
 * Early access (a tier benefit, ADR 0012) decided above the modules: customer → contact → the tier
 * held now. The catalog only gets the flag; the cart asks through the check registered here.
 */
export async function customerHasEarlyAccess(customerId: string): Promise<boolean> {
  const contact = await contactForCustomer(customerId);
  if (!contact) return false;
  return (await currentTier(contact.id))?.earlyAccess ?? false;
}

const viewerOf = async (customerId: string | null | undefined): Promise<CatalogViewer> =>
  customerId && (await customerHasEarlyAccess(customerId)) ? { earlyAccess: true } : PUBLIC_VIEWER;

/** The storefront pages' viewer: the signed-in customer of the session cookie, if any. */
export async function pageViewer(request: Request): Promise<CatalogViewer> {
  // Anonymous visitors (no cookie at all) cost no lookup.
  if (!request.headers.get("cookie")) return PUBLIC_VIEWER;
  return viewerOf((await customerFromRequest(request))?.id);
}

/** The Storefront API's viewer: the customer of a valid `Authorization: Bearer` access token; anyone else is the public. */
export async function apiViewer(request: Request): Promise<CatalogViewer> {
  const token = bearerToken(request);
  if (!token) return PUBLIC_VIEWER;
  return viewerOf((await customerForToken(token, "api"))?.customer.id);
}

/** The Cache-Control of a page shown to this viewer: what an early-access member sees is never shared. */
export function viewerCacheControl(viewer: CatalogViewer, publicValue: string): string {
  return viewer.earlyAccess ? "private, no-store" : publicValue;
}
