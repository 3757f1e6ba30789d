import { apiRoute } from "~/api/registry.server";

const route = apiRoute("/openapi.json");
export const loader = route.loader;
export const action = route.action;
