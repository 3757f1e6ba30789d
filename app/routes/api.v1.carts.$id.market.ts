import { apiRoute } from "~/api/registry.server";

const route = apiRoute("/carts/{id}/market");
export const loader = route.loader;
export const action = route.action;
