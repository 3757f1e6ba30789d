import { apiRoute } from "~/api.server";

const route = apiRoute("/collections");
export const loader = route.loader;
export const action = route.action;
