/** Class names for the shared controls, so pages do not copy Tailwind strings around. */

export function cx(...parts: (string | false | null | undefined)[]): string {
  return parts.filter(Boolean).join(" ");
}

export type ControlSize = "sm" | "md" | "lg";
/** Joined to a neighbour (search box + button): only the outer corners are rounded. */
export type Attached = "start" | "end";

const corners = (attached?: Attached) => (attached === "start" ? "rounded-s-md" : attached === "end" ? "rounded-e-md" : "rounded-md");

const CONTROL_PADDING: Record<ControlSize, string> = { sm: "px-2 py-1", md: "px-2 py-1.5", lg: "px-3 py-2" };

/** Text inputs, selects and text areas. */
export function controlClass(opts: { size?: ControlSize; attached?: Attached; block?: boolean; className?: string } = {}): string {
  return cx(corners(opts.attached), "border border-stone-400 bg-white", CONTROL_PADDING[opts.size ?? "md"], opts.block && "w-full", opts.className);
}

export type ButtonVariant = "primary" | "dark" | "outline" | "success" | "danger" | "link";
export type ButtonSize = "xs" | "sm" | "md" | "lg";

const VARIANTS: Record<ButtonVariant, string> = {
  primary: "bg-clay font-medium text-white hover:bg-clay-dark disabled:cursor-not-allowed disabled:bg-stone-400",
  dark: "bg-ink font-medium text-white disabled:opacity-70",
  outline: "border border-stone-400",
  success: "bg-emerald-700 font-medium text-white hover:bg-emerald-800",
  danger: "border border-red-700 font-medium text-red-800",
  link: "underline",
};

const BUTTON_PADDING: Record<ButtonSize, string> = { xs: "px-2 py-1", sm: "px-3 py-1.5", md: "px-5 py-2.5", lg: "px-5 py-3" };

export function buttonClass(opts: { variant?: ButtonVariant; size?: ButtonSize; attached?: Attached; block?: boolean; className?: string } = {}): string {
  const variant = opts.variant ?? "primary";
  if (variant === "link") return cx(VARIANTS.link, opts.className);
  return cx(corners(opts.attached), VARIANTS[variant], BUTTON_PADDING[opts.size ?? "md"], opts.block && "block w-full text-center", opts.className);
}
