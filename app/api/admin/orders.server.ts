/**
 * Admin API: orders (list, detail, fulfil, refund, cancel, notes) and customers (list, detail). The
 * handlers call the orders and customers modules; every write's audit entry is written inside the
 * change's own transaction through the modules' change hook.
 */
import { z } from "zod";
import type { ErrorResponseDoc } from "~/lib/api/endpoint.server";
import { UserError } from "~/lib/errors";
import { getCustomerDetail, listCustomers } from "~/modules/customers/profile.server";
import { getOrderAdminDetail, listOrders } from "~/modules/orders/order-admin.server";
import {
  AdminCustomerPageSchema,
  AdminCustomerSchema,
  AdminOrderPageSchema,
  AdminOrderSchema,
  FulfillmentCreateSchema,
  OrderCancelSchema,
  OrderNoteCreateSchema,
  RefundCreatedSchema,
  RefundCreateSchema,
} from "~/modules/orders/order-admin-api.schema";
import { addOrderNote, cancelOrder, refundOrder, shipOrder } from "~/modules/orders/order-operations.server";
import { ORDER_SORTS, ORDER_STATUSES } from "~/modules/orders/order-status";
import { pagingQuery } from "~/modules/staff/staff-api.schema";
import { orderAuditHook as auditHook, supportRefundLimit as refundLimitFor } from "~/server/order-admin.server";
import { customerJson, orderJson, orderSummaryJson, parseRefundAmount, refundJson } from "./order-json.server";
import { defineAdminEndpoint } from "./define.server";

const orderId = z.object({ id: z.string().min(1).max(100).describe("Order id (`ord_…`).") });
const orderNotFound: ErrorResponseDoc = { codes: ["order_not_found"], description: "No order with this id." };
const badBody: ErrorResponseDoc = { codes: ["invalid_body", "invalid_parameter"], description: "The body is not JSON or a field is invalid (`field` names it)." };

const listOrdersEndpoint = defineAdminEndpoint({
  operationId: "listOrders",
  method: "GET",
  path: "/orders",
  summary: "List orders",
  description: "Orders with filters (status, market, creation date), search by order number or part of the email, sorting and pages. Newest first by default.",
  tag: "Orders",
  permission: "read:orders",
  query: z.object({
    status: z.enum(ORDER_STATUSES).optional().describe("Only orders in this status."),
    market: z.string().max(20).optional().describe("Only orders of this market (handle, e.g. de-de)."),
    from: z.iso.date().optional().describe("Created on or after this day (YYYY-MM-DD, UTC)."),
    to: z.iso.date().optional().describe("Created on or before this day (YYYY-MM-DD, UTC)."),
    q: z.string().max(254).optional().describe("An order number (#1001 or 1001) or part of the email, any case."),
    sort: z.enum(ORDER_SORTS).default("createdAt").describe("Sort column; `total` compares totals in the base currency."),
    direction: z.enum(["asc", "desc"]).default("desc"),
    ...pagingQuery,
  }),
  response: { status: 200, description: "A page of orders.", schema: AdminOrderPageSchema },
  errors: { 400: { codes: ["invalid_parameter"], description: "A filter or paging parameter is invalid (`field` names it)." } },
  handler: async ({ query }) => {
    const from = query.from ? new Date(`${query.from}T00:00:00Z`) : undefined;
    const to = query.to ? new Date(new Date(`${query.to}T00:00:00Z`).getTime() + 86_400_000) : undefined;
    if (from && to && from >= to) throw new UserError("invalid_parameter", "to: must not be before from", 400, "to");
    const r = await listOrders({ ...query, from, to, pageSize: query.perPage });
    return { nodes: r.rows.map(orderSummaryJson), total: r.total, page: r.page, perPage: r.pageSize };
  },
});

const getOrderEndpoint = defineAdminEndpoint({
  operationId: "getOrder",
  method: "GET",
  path: "/orders/{id}",
  summary: "Get an order",
  description: "Lines, totals, payment, shipments, refunds and the timeline (status changes, store events, staff notes) in time order.",
  tag: "Orders",
  permission: "read:orders",
  params: orderId,
  response: { status: 200, description: "The order.", schema: AdminOrderSchema },
  errors: { 404: orderNotFound },
  handler: async ({ params }) => orderJson(await getOrderAdminDetail(params.id)),
});

const fulfilEndpoint = defineAdminEndpoint({
  operationId: "createFulfillment",
  method: "POST",
  path: "/orders/{id}/fulfillments",
  summary: "Fulfil an order",
  description: "Records a shipment (carrier and tracking number; all unshipped units unless `lines` says which) and emails the shopper the tracking link. Idempotent on `idempotencyKey`. Audited as `fulfil:orders`.",
  tag: "Orders",
  permission: "write:orders",
  params: orderId,
  body: FulfillmentCreateSchema,
  response: { status: 201, description: "The order after the shipment.", schema: AdminOrderSchema },
  errors: {
    400: badBody,
    404: orderNotFound,
    409: { codes: ["invalid_transition", "invalid_fulfillment", "order_imported"], description: "The order cannot ship (unpaid, cancelled, refunded, nothing left to ship, or imported from another platform: read-only)." },
    422: { codes: ["invalid_fulfillment"], description: "More units than are left to ship, or an unknown line (`field`: lines)." },
  },
  handler: async ({ auth, params, body }) => {
    await shipOrder(params.id, body, auditHook(auth, "fulfil:orders"));
    return orderJson(await getOrderAdminDetail(params.id));
  },
});

const refundEndpoint = defineAdminEndpoint({
  operationId: "createRefund",
  method: "POST",
  path: "/orders/{id}/refunds",
  summary: "Refund an order",
  description:
    "Refunds part or all of what was captured, through the payment provider, optionally putting units back on hand; the shopper gets the refund email. Idempotent on `idempotencyKey` (the same key returns the same refund and calls the provider once). Never more than captured minus refunded; support staff at most the support refund limit per refund. Audited as `refund:orders`.",
  tag: "Orders",
  permission: "refund:orders",
  params: orderId,
  body: RefundCreateSchema,
  bodyOptional: true,
  response: { status: 201, description: "The refund and the order after it.", schema: RefundCreatedSchema },
  errors: {
    400: badBody,
    403: { codes: ["forbidden", "refund_limit_exceeded"], description: "The role may not refund, or not this much at once (`details.limit`)." },
    404: orderNotFound,
    409: { codes: ["invalid_transition", "idempotency_key_reused", "refund_declined", "order_imported"], description: "Nothing left to refund, the key was used for a different refund, the provider refused, or the order was imported from another platform (read-only)." },
    422: { codes: ["invalid_refund", "invalid_restock"], description: "The amount is zero, above what is refundable (`details.refundable`) or not payable in the currency's units; or restocking more than a line holds." },
  },
  handler: async ({ auth, params, body }) => {
    const detail = await getOrderAdminDetail(params.id);
    // No amount: a full refund of what is left.
    const amount = body.amount === undefined ? detail.order.total - detail.order.refundedTotal : parseRefundAmount(body.amount, detail.order.currency);
    const result = await refundOrder(
      params.id,
      { amount, reason: body.reason, restock: body.restock, idempotencyKey: body.idempotencyKey, maxAmount: refundLimitFor(auth, detail.order) },
      auditHook(auth, "refund:orders"),
    );
    return { refund: refundJson(result.refund), order: orderJson(await getOrderAdminDetail(params.id)) };
  },
});

const cancelEndpoint = defineAdminEndpoint({
  operationId: "cancelOrder",
  method: "POST",
  path: "/orders/{id}/cancel",
  summary: "Cancel an order",
  description:
    "Cancels an order that has not shipped. Paid: everything captured and not yet refunded goes back through the provider, every unit goes back on hand and the shopper gets the refund email. Unpaid: the payment is given up (stock released). Cancelling a cancelled order changes nothing. Audited as `cancel:orders`.",
  tag: "Orders",
  permission: "write:orders",
  params: orderId,
  body: OrderCancelSchema,
  response: { status: 200, description: "The order after the cancellation.", schema: AdminOrderSchema },
  errors: {
    400: badBody,
    404: orderNotFound,
    409: { codes: ["invalid_transition", "payment_state_changed", "refund_declined", "order_imported"], description: "The order has shipped or is refunded (refund it instead), its payment changed meanwhile, or it was imported from another platform (read-only)." },
  },
  handler: async ({ auth, params, body }) => {
    await cancelOrder(params.id, body, auditHook(auth, "cancel:orders"));
    return orderJson(await getOrderAdminDetail(params.id));
  },
});

const noteEndpoint = defineAdminEndpoint({
  operationId: "createOrderNote",
  method: "POST",
  path: "/orders/{id}/notes",
  summary: "Add a note to an order",
  description: "A staff note (author, text, time) on the order's timeline. Audited as `note:orders`.",
  tag: "Orders",
  permission: "write:orders",
  params: orderId,
  body: OrderNoteCreateSchema,
  response: { status: 201, description: "The order with the note on its timeline.", schema: AdminOrderSchema },
  errors: { 400: badBody, 404: orderNotFound },
  handler: async ({ auth, params, body }) => {
    await addOrderNote(params.id, { author: auth.email, text: body.text }, auditHook(auth, "note:orders"));
    return orderJson(await getOrderAdminDetail(params.id));
  },
});

const listCustomersEndpoint = defineAdminEndpoint({
  operationId: "listCustomers",
  method: "GET",
  path: "/customers",
  summary: "List customers",
  description: "Customer accounts, newest first; `search` matches part of the email or name.",
  tag: "Customers",
  permission: "read:customers",
  query: z.object({ search: z.string().max(254).optional().describe("Part of the email or name."), page: pagingQuery.page }),
  response: { status: 200, description: "A page of customers.", schema: AdminCustomerPageSchema },
  errors: { 400: { codes: ["invalid_parameter"], description: "A parameter is invalid (`field` names it)." } },
  handler: async ({ query }) => {
    const r = await listCustomers({ search: query.search, page: query.page });
    return { nodes: r.customers.map((c) => ({ ...c, createdAt: c.createdAt.toISOString() })), total: r.total, page: r.page, perPage: r.pageSize };
  },
});

const getCustomerEndpoint = defineAdminEndpoint({
  operationId: "getCustomer",
  method: "GET",
  path: "/customers/{id}",
  summary: "Get a customer",
  description: "The account with its saved addresses and orders.",
  tag: "Customers",
  permission: "read:customers",
  params: z.object({ id: z.string().min(1).max(100).describe("Customer id.") }),
  response: { status: 200, description: "The customer.", schema: AdminCustomerSchema },
  errors: { 404: { codes: ["customer_not_found"], description: "No customer with this id (or the account was erased)." } },
  handler: async ({ params }) => {
    const c = await getCustomerDetail(params.id);
    if (!c) throw new UserError("customer_not_found", "Customer not found.", 404);
    return customerJson(c);
  },
});

export const orderEndpoints = [listOrdersEndpoint, getOrderEndpoint, fulfilEndpoint, refundEndpoint, cancelEndpoint, noteEndpoint, listCustomersEndpoint, getCustomerEndpoint];
