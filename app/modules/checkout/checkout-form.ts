/**
 * The checkout page's forms: contact + shipping address, shipping method, pay. One zod schema per
 * form, used by the page action and by conform in the browser. The address part is the country's
 * own address schema (address.ts), so the page, the API and the browser share one set of rules.
 * Error messages are UI message keys. Client-safe.
 */
import { z } from "~/lib/zod";
import type { MessageKey } from "~/lib/i18n";
import { isEmail } from "~/lib/validation";
import type { Address } from "../cart/cart";
import { ADDRESS_ERRORS, addressSchema } from "./address";

const emailError = { error: "checkout.errors.email" satisfies MessageKey };

/** The shared email rule (~/lib/validation), so the form accepts exactly what payment start accepts. */
const email = z.string(emailError).trim().refine(isEmail, emailError);

/**
 * Contact and shipping address for a destination `country`; with `countries` (the market's
 * ship-to list), any other country is refused as not served. The Pay button submits this same
 * form (intent "pay"), so the server sees the address the shopper is looking at when paying.
 */
export function detailsFormSchema(country: string, countries: readonly string[]) {
  return addressSchema(country)
    .extend({ intent: z.enum(["details", "pay"]), email })
    .superRefine((value, ctx) => {
      if (!countries.includes(value.country)) ctx.addIssue({ code: "custom", path: ["country"], message: ADDRESS_ERRORS.countryNotServed });
    });
}

export const ShippingMethodForm = z.object({
  intent: z.literal("shipping"),
  method: z
    .string({ error: "checkout.errors.method" satisfies MessageKey })
    .min(1, { error: "checkout.errors.method" satisfies MessageKey })
    .max(20, { error: "checkout.errors.method" satisfies MessageKey }),
});

export type CheckoutIntent = z.output<typeof ShippingMethodForm>["intent"] | "details" | "pay";

const ADDRESS_KEYS = ["name", "line1", "line2", "city", "region", "postalCode", "country", "phone"] as const;

/**
 * Whether the contact and address in the form (validated and normalized) are exactly what the cart
 * has saved. Payment is refused otherwise: the shipping method and totals belong to the saved address.
 */
export function isSavedDetails(
  submitted: { email: string } & Partial<Record<(typeof ADDRESS_KEYS)[number], string | undefined>>,
  saved: { email: string | null; shippingAddress: Address | null },
): boolean {
  if (!saved.shippingAddress || !saved.email || submitted.email.toLowerCase() !== saved.email.toLowerCase()) return false;
  const a = saved.shippingAddress as Partial<Record<(typeof ADDRESS_KEYS)[number], string | undefined>>;
  return ADDRESS_KEYS.every((k) => (submitted[k] || undefined) === (a[k] || undefined));
}
