import { apiRoute } from "~/api.server";

const route = apiRoute("/carts");
export const loader = route.loader;
export const action = route.action;
