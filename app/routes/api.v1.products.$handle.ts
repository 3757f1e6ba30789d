import { apiRoute } from "~/api/registry.server";

const route = apiRoute("/products/{handle}");
export const loader = route.loader;
export const action = route.action;
