import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { TokenConfirmPage } from "~/components/storefront/Account";
import { verifyEmail } from "~/modules/customers/accounts.server";
import { createSession } from "~/modules/customers/sessions.server";
import { tokenConfirmAction, tokenConfirmLoader } from "~/modules/customers/token-confirm.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }, { name: "robots", content: "noindex" }];

export const loader = (args: LoaderFunctionArgs) => tokenConfirmLoader(args, "account.verify.title");

export const action = (args: ActionFunctionArgs) =>
  tokenConfirmAction(args, async (token, userAgent) => {
    const customer = await verifyEmail(token);
    return { session: await createSession(customer.id, "cookie", userAgent), notice: "verified" };
  });

export default function Verify() {
  return <TokenConfirmPage testId="verify-button" />;
}
