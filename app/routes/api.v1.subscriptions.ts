import { apiRoute } from "~/api/registry.server";

const route = apiRoute("/subscriptions");
export const loader = route.loader;
export const action = route.action;
