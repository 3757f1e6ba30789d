/** The customer endpoints' request and response schemas (components of the Storefront API document). */
import { z } from "zod";
import { MoneyV2Schema, named } from "~/lib/api/schema";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "~/lib/password-rules";
import { emailSchema } from "~/lib/validation";

const password = z
  .string()
  .min(PASSWORD_MIN_LENGTH)
  .max(PASSWORD_MAX_LENGTH)
  .describe(`${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters (NIST SP 800-63B: length, no composition rules).`);

export const CustomerCreateSchema = named(
  "CustomerCreate",
  "A new account. The answer is the same whether or not the address already has an account (its owner is emailed instead).",
  z.object({
    email: emailSchema.describe("The account's email address; a verification link is sent to it."),
    password,
    name: z.string().trim().max(100).optional().describe("How emails greet the customer."),
    market: z.string().min(2).max(40).optional().describe("Market handle (GET /markets): the account's language and preferred market. Default: the store's first market."),
  }),
  { io: "input" },
);

export const SignUpAcceptedSchema = named(
  "CustomerSignUpAccepted",
  "The sign-up was taken: a message went to the address (a verification link, or a note to an existing account's owner).",
  z.object({
    email: z.string().describe("The address, normalized (trimmed, lower case)."),
    verification: z.literal("email_sent").describe("Open the link in the email to verify the address."),
  }),
);

export const CustomerSessionCreateSchema = named(
  "CustomerSessionCreate",
  "Email and password.",
  z.object({ email: emailSchema.describe("The account's email address."), password: z.string().min(1).max(PASSWORD_MAX_LENGTH).describe("The account's password.") }),
  { io: "input" },
);

export const CustomerAccessTokenSchema = named(
  "CustomerAccessToken",
  "A customer access token: send it as `Authorization: Bearer <accessToken>`. Only its hash is stored; it is shown once.",
  z.object({
    accessToken: z.string().describe("Opaque secret."),
    expiresAt: z.string().describe("ISO 8601 time after which the token no longer works."),
  }),
);

export const PasswordResetCreateSchema = named(
  "CustomerPasswordResetCreate",
  "The address to send a password reset link to.",
  z.object({
    email: emailSchema.describe("The account's email address."),
    market: z.string().min(2).max(40).optional().describe("Market handle whose pages the link opens. Default: the account's preferred market."),
  }),
  { io: "input" },
);

export const AcceptedSchema = named(
  "Accepted",
  "The request was taken; the answer says nothing about whether the address has an account.",
  z.object({ accepted: z.literal(true) }),
);

export const SignedOutSchema = named("SignedOut", "The access token no longer works.", z.object({ signedOut: z.literal(true) }));

export const ErasedSchema = named(
  "CustomerErased",
  "The account is erased: personal data deleted, orders kept without name, email or street address, the address never mailed again.",
  z.object({ erased: z.literal(true), ordersAnonymised: z.number().int().min(0).describe("Orders that now carry no personal data.") }),
);

const AddressSchema = named(
  "CustomerAddress",
  "A saved address, in the shape checkout uses.",
  z.object({
    id: z.string(),
    isDefault: z.boolean(),
    name: z.string(),
    line1: z.string(),
    line2: z.string().optional(),
    city: z.string(),
    region: z.string().optional().describe("State / province / prefecture code where the country has them."),
    postalCode: z.string().optional(),
    country: z.string().describe("ISO 3166-1 alpha-2."),
    phone: z.string().optional(),
  }),
);

const OrderSummarySchema = named(
  "CustomerOrder",
  "One of the customer's orders.",
  z.object({
    id: z.string(),
    number: z.number().int(),
    status: z.string().describe("Order status, e.g. paid, fulfilled, refunded."),
    placedAt: z.string().describe("ISO 8601."),
    total: MoneyV2Schema,
    tracking: z.array(z.object({ carrier: z.string(), trackingNumber: z.string(), trackingUrl: z.string().nullable() })).describe("Shipments so far."),
  }),
);

export const CustomerSchema = named(
  "Customer",
  "The signed-in customer: profile, saved addresses and orders (newest first).",
  z.object({
    id: z.string(),
    email: z.string(),
    name: z.string().nullable(),
    language: z.string().describe('Language of the account\'s emails, e.g. "de".'),
    market: z.string().nullable().describe("Preferred market handle."),
    emailVerified: z.boolean().describe("Guest orders with this address join the account once it is verified."),
    addresses: z.array(AddressSchema),
    orders: z.array(OrderSummarySchema),
  }),
);

export const CustomerDataExportSchema = named(
  "CustomerDataExport",
  "Everything the store holds about the customer (GDPR Art. 15/20): profile, addresses, orders with lines and shipments, session metadata, consents. Money in minor units as strings.",
  z.looseObject({
    exportedAt: z.string(),
    profile: z.looseObject({ id: z.string(), email: z.string() }),
    addresses: z.array(z.looseObject({})),
    orders: z.array(z.looseObject({})),
    sessions: z.array(z.looseObject({})),
    consents: z.array(z.looseObject({})),
  }),
);
