import { apiRoute } from "~/api/registry.server";

const route = apiRoute("/orders/{id}");
export const loader = route.loader;
export const action = route.action;
