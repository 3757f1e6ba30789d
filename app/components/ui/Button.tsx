import { Link, type LinkProps } from "@remix-run/react";
import type { ButtonHTMLAttributes } from "react";
import { buttonClass, type Attached, type ButtonSize, type ButtonVariant } from "./styles";

interface Look {
  variant?: ButtonVariant;
  size?: ButtonSize;
  attached?: Attached;
  /** Full width. */
  block?: boolean;
}

export function Button({ variant, size, attached, block, className, type = "submit", ...props }: Look & ButtonHTMLAttributes<HTMLButtonElement>) {
  return <button type={type} className={buttonClass({ variant, size, attached, block, className })} {...props} />;
}

/** A link that looks like a button (calls to action that navigate). */
export function ButtonLink({ variant, size, attached, block, className, ...props }: Look & LinkProps) {
  return <Link className={buttonClass({ variant, size, attached, block, className })} {...props} />;
}
