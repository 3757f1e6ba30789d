/**
 * Customer accounts in the Storefront API, like Shopify's customer access tokens: sign up, sign in
 * (an access token), reset the password, read the account, download its data, erase it.
 */
import { defineEndpoint, type Endpoint, type ErrorResponseDoc } from "~/lib/api/endpoint.server";
import { UserError } from "~/lib/errors";
import { clientIp } from "~/lib/http.server";
import { toMoneyV2 } from "~/lib/money";
import { requestPasswordReset, signIn, signUp } from "~/modules/customers/accounts.server";
import {
  AcceptedSchema,
  CustomerAccessTokenSchema,
  CustomerCreateSchema,
  CustomerDataExportSchema,
  CustomerSchema,
  CustomerSessionCreateSchema,
  ErasedSchema,
  PasswordResetCreateSchema,
  SignedOutSchema,
  SignUpAcceptedSchema,
} from "~/modules/customers/api.schema";
import { normalizeEmail } from "~/modules/customers/customers";
import { eraseCustomer, exportCustomerData } from "~/modules/customers/privacy.server";
import { listAddresses } from "~/modules/customers/profile.server";
import { customerForToken, deleteSession, type CustomerRow } from "~/modules/customers/sessions.server";
import { getOrderDetails, listCustomerOrders } from "~/modules/orders/orders.server";
import { rateLimited } from "./carts.server";

const badBody: ErrorResponseDoc = { codes: ["invalid_body", "invalid_parameter"], description: "The body is not JSON or a field is invalid; `error.field` names it." };
const unauthorized: ErrorResponseDoc = { codes: ["unauthorized"], description: "No `Authorization: Bearer` access token, or it expired or was signed out." };
const accountLimits: ErrorResponseDoc = { ...rateLimited, description: "Too many attempts from this client IP or for this address; wait the `Retry-After` seconds." };

async function requireCustomer(token: string | null): Promise<CustomerRow> {
  const found = await customerForToken(token, "api");
  if (!found) throw new UserError("unauthorized", "Send a customer access token as `Authorization: Bearer <token>` (POST /customer-sessions).", 401);
  return found.customer;
}

const signUpEndpoint = defineEndpoint({
  operationId: "createCustomer",
  method: "POST",
  path: "/customers",
  summary: "Sign up",
  description:
    "Creates an account and emails a verification link. An address that already has an account gets the same 201 (its owner is emailed that someone tried), so the answer does not reveal which addresses have accounts.",
  tag: "Customers",
  security: "public",
  body: CustomerCreateSchema,
  response: { status: 201, description: "A message went to the address.", schema: SignUpAcceptedSchema },
  errors: { 400: badBody, 429: accountLimits },
  handler: async ({ body, request }) => {
    await signUp(body, { ip: clientIp(request), userAgent: request.headers.get("user-agent") });
    return { email: normalizeEmail(body.email), verification: "email_sent" as const };
  },
});

const signInEndpoint = defineEndpoint({
  operationId: "createCustomerSession",
  method: "POST",
  path: "/customer-sessions",
  summary: "Sign in",
  description: "Email and password → a customer access token. Ten failed attempts for one address within 15 minutes lock further attempts for the rest of the window (429).",
  tag: "Customers",
  security: "public",
  body: CustomerSessionCreateSchema,
  response: { status: 201, description: "Signed in.", schema: CustomerAccessTokenSchema },
  errors: {
    400: badBody,
    401: { codes: ["invalid_credentials"], description: "Unknown address or wrong password (one answer for both)." },
    429: accountLimits,
  },
  handler: async ({ body, request }) => {
    const session = await signIn(body, "api", { ip: clientIp(request), userAgent: request.headers.get("user-agent") });
    return { accessToken: session.token, expiresAt: session.expiresAt.toISOString() };
  },
});

const signOutEndpoint = defineEndpoint({
  operationId: "deleteCurrentCustomerSession",
  method: "DELETE",
  path: "/customer-sessions/current",
  summary: "Sign out",
  description: "The access token sent with this request stops working.",
  tag: "Customers",
  security: "customerToken",
  response: { status: 200, description: "Signed out.", schema: SignedOutSchema },
  errors: { 401: unauthorized },
  handler: async ({ token }) => {
    await requireCustomer(token);
    await deleteSession(token);
    return { signedOut: true as const };
  },
});

const passwordResetEndpoint = defineEndpoint({
  operationId: "createCustomerPasswordReset",
  method: "POST",
  path: "/customer-password-resets",
  summary: "Request a password reset",
  description: "Emails a single-use link (valid 1 hour) to choose a new password, if the address has an account. 202 either way.",
  tag: "Customers",
  security: "public",
  body: PasswordResetCreateSchema,
  response: { status: 202, description: "Taken.", schema: AcceptedSchema },
  errors: { 400: badBody, 429: accountLimits },
  handler: async ({ body, request }) => {
    await requestPasswordReset(body, { ip: clientIp(request) });
    return { accepted: true as const };
  },
});

const getCustomerEndpoint = defineEndpoint({
  operationId: "getCustomer",
  method: "GET",
  path: "/customer",
  summary: "The signed-in customer",
  description: "Profile, saved addresses and orders with their tracking.",
  tag: "Customers",
  security: "customerToken",
  response: { status: 200, description: "The customer.", schema: CustomerSchema },
  errors: { 401: unauthorized },
  handler: async ({ token }) => {
    const c = await requireCustomer(token);
    const [addresses, orders] = await Promise.all([listAddresses(c.id), listCustomerOrders(c.id)]);
    const tracked = await Promise.all(orders.map(async (o) => ({ o, d: await getOrderDetails(o.id) })));
    return {
      id: c.id,
      email: c.email,
      name: c.name,
      language: c.locale,
      market: c.market,
      emailVerified: c.emailVerifiedAt !== null,
      addresses: addresses.map((a) => ({ id: a.id, isDefault: a.isDefault, ...a.address })),
      orders: tracked.map(({ o, d }) => ({
        id: o.id,
        number: o.number,
        status: o.status,
        placedAt: o.createdAt.toISOString(),
        total: toMoneyV2({ amount: o.total, currency: o.currency }),
        tracking: d.fulfillments.map((f) => ({ carrier: f.carrier, trackingNumber: f.trackingNumber, trackingUrl: f.trackingUrl })),
      })),
    };
  },
});

const exportEndpoint = defineEndpoint({
  operationId: "getCustomerDataExport",
  method: "GET",
  path: "/customer/data-export",
  summary: "Download my data",
  description: "Everything the store holds about the signed-in customer, as JSON.",
  tag: "Customers",
  security: "customerToken",
  response: { status: 200, description: "The export.", schema: CustomerDataExportSchema },
  errors: { 401: unauthorized },
  handler: async ({ token }) => exportCustomerData(await requireCustomer(token)),
});

const eraseEndpoint = defineEndpoint({
  operationId: "deleteCustomer",
  method: "DELETE",
  path: "/customer",
  summary: "Delete my account",
  description:
    "Erases the account: name, email, addresses and sessions are deleted; orders stay for the accounts without name, email or street address; the address is never mailed again. Every access token stops working.",
  tag: "Customers",
  security: "customerToken",
  response: { status: 200, description: "Erased.", schema: ErasedSchema },
  errors: { 401: unauthorized },
  handler: async ({ token }) => {
    const c = await requireCustomer(token);
    const { ordersAnonymised } = await eraseCustomer(c.id);
    return { erased: true as const, ordersAnonymised };
  },
});

export const customerEndpoints: readonly Endpoint[] = [signUpEndpoint, signInEndpoint, signOutEndpoint, passwordResetEndpoint, getCustomerEndpoint, exportEndpoint, eraseEndpoint];
