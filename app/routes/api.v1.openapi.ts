import { apiRoute } from "~/api.server";

const route = apiRoute("/openapi.json");
export const loader = route.loader;
export const action = route.action;
