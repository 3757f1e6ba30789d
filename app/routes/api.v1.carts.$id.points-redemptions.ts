import { apiRoute } from "~/api/registry.server";

const route = apiRoute("/carts/{id}/points-redemptions");
export const loader = route.loader;
export const action = route.action;
