import { apiFallbackRoute } from "~/api/registry.server";

/** Any unknown /api/* path: a JSON 404 (never the storefront's HTML page). */
const route = apiFallbackRoute();
export const loader = route.loader;
export const action = route.action;
