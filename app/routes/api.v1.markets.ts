import { apiRoute } from "~/api/registry.server";

const route = apiRoute("/markets");
export const loader = route.loader;
export const action = route.action;
