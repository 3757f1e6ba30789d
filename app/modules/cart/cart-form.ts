/**
 * The storefront's cart forms (product page "add to cart", cart page lines and discount code): one
 * zod schema per form, used by the page action on the server and by conform in the browser. Error
 * messages are UI message keys. Client-safe: nothing here touches the database.
 */
import { z } from "~/lib/zod";
import type { MessageKey } from "~/lib/i18n";

import { MAX_LINE_QUANTITY as MAX_QUANTITY } from "./cart";

const quantityError = { error: "cart.errors.quantity" satisfies MessageKey };
const lineId = z.string().min(1).max(100);

const AddLineForm = z.object({
  intent: z.literal("add"),
  variantId: z.string().min(1).max(100),
  quantity: z.coerce.number(quantityError).int(quantityError).min(1, quantityError).max(MAX_QUANTITY, quantityError).default(1),
  /** After adding: show the cart page, or stay on the product page, which confirms (sent by its script). */
  then: z.enum(["cart", "stay"]).default("cart"),
});

export const UpdateLineForm = z.object({
  intent: z.literal("update"),
  lineId,
  quantity: z.coerce.number(quantityError).int(quantityError).min(0, quantityError).max(MAX_QUANTITY, quantityError),
});

const RemoveLineForm = z.object({ intent: z.literal("remove"), lineId });

/** Trimmed like the cart API's discount-code body: surrounding spaces never make a code unknown. */
export const DiscountCodeForm = z.object({
  intent: z.literal("discount"),
  code: z
    .string({ error: "cart.errors.codeRequired" satisfies MessageKey })
    .trim()
    .min(1, { error: "cart.errors.codeRequired" satisfies MessageKey })
    .max(64, { error: "cart.errors.codeTooLong" satisfies MessageKey }),
});

const RemoveDiscountForm = z.object({ intent: z.literal("remove-discount"), code: z.string().max(64) });

/** Everything the cart page action accepts, told apart by the `intent` field each form carries. */
export const CartPageAction = z.discriminatedUnion("intent", [AddLineForm, UpdateLineForm, RemoveLineForm, DiscountCodeForm, RemoveDiscountForm]);
