import { registerCheckoutJobs } from "../checkout/checkout-jobs.server";
import { registerMailJobs } from "../mail/send-email.server";
import { registerOrderEmailJobs } from "../orders/order-emails.server";

/**
 * Registers every job handler this process should run. The web process and `npm run worker` both
 * call it before starting a worker. Modules that own job kinds add their register call here
 * (e.g. checkout.expire_reservations, checkout.refund_duplicate, orders.email).
 */
export function registerAllJobHandlers(): void {
  registerMailJobs();
  registerOrderEmailJobs();
  registerCheckoutJobs();
}
