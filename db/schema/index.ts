// One file per owning module (see docs/architecture.md, "Who owns which table").
export * from "./markets";
export * from "./catalog";
export * from "./pricing";
export * from "./inventory";
export * from "./cart";
export * from "./discounts";
export * from "./shipping";
export * from "./payments";
export * from "./orders";
export * from "./jobs";
export * from "./mail";
export * from "./ratelimit";
export * from "./content";
export * from "./customers";
export * from "./staff";
export * from "./tax";
