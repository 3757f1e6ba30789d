export * from "./markets";
export * from "./catalog";
export * from "./pricing";
export * from "./inventory";
export * from "./commerce";
