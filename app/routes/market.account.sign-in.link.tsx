import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { TokenConfirmPage } from "~/components/storefront/Account";
import { signInWithLink } from "~/modules/customers/accounts.server";
import { tokenConfirmAction, tokenConfirmLoader } from "~/modules/customers/token-confirm.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }, { name: "robots", content: "noindex" }];

export const loader = (args: LoaderFunctionArgs) => tokenConfirmLoader(args, "account.signIn.title");

export const action = (args: ActionFunctionArgs) =>
  tokenConfirmAction(args, async (token, userAgent) => ({ session: await signInWithLink(token, { userAgent }), notice: "signedIn" }));

export default function SignInWithLink() {
  return <TokenConfirmPage testId="sign-in-link-button" />;
}
