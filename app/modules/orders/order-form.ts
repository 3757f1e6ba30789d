/**
 * The admin order page's forms (fulfil, refund, cancel, note): one schema each, for the action and
 * the browser. Error messages are UI message keys. Client-safe.
 */
import type { MessageKey } from "~/lib/i18n";
import { z } from "~/lib/zod";

const key = z.string().trim().min(1).max(200);
const required = (error: MessageKey, max = 2000) => z.string({ error }).trim().min(1, { error }).max(max, { error: "admin.orders.errors.tooLong" satisfies MessageKey });

const FulfilForm = z.object({
  intent: z.literal("fulfil"),
  idempotencyKey: key,
  carrier: required("admin.orders.errors.carrier", 100),
  trackingNumber: required("admin.orders.errors.trackingNumber", 100),
});

const RefundForm = z.object({
  intent: z.literal("refund"),
  idempotencyKey: key,
  amount: z
    .string({ error: "admin.orders.errors.amount" satisfies MessageKey })
    .trim()
    .regex(/^[0-9]+(\.[0-9]{1,3})?$/, { error: "admin.orders.errors.amount" satisfies MessageKey }),
  reason: z.string().trim().max(500, { error: "admin.orders.errors.tooLong" satisfies MessageKey }).optional(),
  // restock.<orderLineId> = units to put back on hand (empty: none)
  restock: z.record(z.string(), z.coerce.number({ error: "admin.orders.errors.restock" satisfies MessageKey }).int({ error: "admin.orders.errors.restock" satisfies MessageKey }).min(0, { error: "admin.orders.errors.restock" satisfies MessageKey }).max(100_000)).optional(),
});

const CancelForm = z.object({ intent: z.literal("cancel"), reason: required("admin.orders.errors.reason") });
const NoteForm = z.object({ intent: z.literal("note"), text: required("admin.orders.errors.note") });

export const OrderPageForm = z.discriminatedUnion("intent", [FulfilForm, RefundForm, CancelForm, NoteForm]);
