import { apiRoute } from "~/api.server";

const route = apiRoute("/markets");
export const loader = route.loader;
export const action = route.action;
