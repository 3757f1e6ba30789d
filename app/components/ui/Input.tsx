import type { InputHTMLAttributes, TextareaHTMLAttributes } from "react";
import { controlClass, type Attached, type ControlSize } from "./styles";

interface Look {
  size?: ControlSize;
  attached?: Attached;
  /** Full width. */
  block?: boolean;
}

export function Input({ size, attached, block, className, ...props }: Look & Omit<InputHTMLAttributes<HTMLInputElement>, "size">) {
  return <input className={controlClass({ size, attached, block, className })} {...props} />;
}

export function Textarea({ size, block, className, ...props }: Omit<Look, "attached"> & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return <textarea className={controlClass({ size, block, className })} {...props} />;
}
