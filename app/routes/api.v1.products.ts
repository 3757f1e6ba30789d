import { apiRoute } from "~/api.server";

const route = apiRoute("/products");
export const loader = route.loader;
export const action = route.action;
