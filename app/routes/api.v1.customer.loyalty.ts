import { apiRoute } from "~/api/registry.server";

const route = apiRoute("/customer/loyalty");
export const loader = route.loader;
export const action = route.action;
