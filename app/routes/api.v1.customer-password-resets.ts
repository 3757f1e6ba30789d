import { apiRoute } from "~/api/registry.server";

const route = apiRoute("/customer-password-resets");
export const loader = route.loader;
export const action = route.action;
