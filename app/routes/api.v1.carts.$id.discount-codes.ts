import { apiRoute } from "~/api.server";

const route = apiRoute("/carts/{id}/discount-codes");
export const loader = route.loader;
export const action = route.action;
