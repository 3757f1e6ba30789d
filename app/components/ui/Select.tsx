import type { SelectHTMLAttributes } from "react";
import { controlClass, type ControlSize } from "./styles";

export function Select({ size, block, className, ...props }: { size?: ControlSize; block?: boolean } & Omit<SelectHTMLAttributes<HTMLSelectElement>, "size">) {
  return <select className={controlClass({ size, block, className })} {...props} />;
}
