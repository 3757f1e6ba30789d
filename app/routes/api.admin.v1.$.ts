import { handleAdminApi } from "~/api/admin/registry.server";

/** Every /api/admin/v1/* request: the Admin API registry routes it to its declared operation. */
export const loader = handleAdminApi;
export const action = handleAdminApi;
