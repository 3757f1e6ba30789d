import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { isUserError, UserError } from "~/lib/errors";
import { corsPreflight, jsonResponse, withCors } from "../catalog/api.server";
import { getCart, type CartRow } from "./cart.server";
import { toCartView } from "./cart-view.server";
import { priceCart } from "./pricing.server";

export const CART_METHODS = "GET, POST, PUT, PATCH, DELETE, OPTIONS";

function errorBody(code: string, message: string, field?: string, details?: Record<string, unknown>) {
  return { error: { code, message, ...(field ? { field } : {}), ...(details ? { details } : {}) } };
}

/**
 * Wraps a cart/checkout API handler (loader or action): CORS + preflight, JSON errors for
 * UserError and bad bodies (4xx with a message a person can act on), never a 500 for bad input.
 */
export function cartApi(handler: (args: LoaderFunctionArgs | ActionFunctionArgs) => Promise<Response>) {
  return async (args: LoaderFunctionArgs | ActionFunctionArgs): Promise<Response> => {
    const { request } = args;
    if (request.method === "OPTIONS") return corsPreflight(request, CART_METHODS);
    let res: Response;
    try {
      res = await handler(args);
    } catch (e) {
      if (isUserError(e)) res = jsonResponse(errorBody(e.code, e.message, e.field, e.details), { status: e.status });
      else if (e instanceof Response) res = jsonResponse(errorBody("not_found", "Not found"), { status: e.status >= 400 && e.status < 500 ? e.status : 500 });
      else {
        console.error("[api] unexpected error", e);
        res = jsonResponse(errorBody("internal_error", "Something went wrong on our side; please retry later."), { status: 500 });
      }
    }
    return withCors(request, res);
  };
}

/** Parses a JSON body with a zod schema; 400 naming the first bad field. */
export async function readBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.output<S>> {
  let json: unknown;
  try {
    json = await request.json();
  } catch {
    throw new UserError("invalid_body", "The request body must be JSON.", 400);
  }
  const r = schema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const field = issue.path.map(String).join(".") || "body";
    throw new UserError("invalid_parameter", `${field}: ${issue.message}`, 400, field);
  }
  return r.data;
}

export async function cartFromApi(request: Request, id: string | undefined): Promise<CartRow> {
  return getCart(id ?? "", request.headers.get("x-cart-token"));
}

export async function cartJson(cart: CartRow, status = 200, extra: Record<string, unknown> = {}): Promise<Response> {
  const view = toCartView(await priceCart(cart));
  return jsonResponse({ ...view, ...extra }, { status });
}

