import { apiRoute } from "~/api/registry.server";

const route = apiRoute("/carts/{id}/discount-codes");
export const loader = route.loader;
export const action = route.action;
