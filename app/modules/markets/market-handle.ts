/**
 * The market handle validator (client-safe). Kept apart from markets.ts so pages that only need the
 * Market type and helpers do not pull zod into the browser bundle.
 */
import { z } from "~/lib/zod";
import { MARKET_HANDLE_RE } from "./markets";

/** A market handle (language-country, lower case), e.g. de-de; whether it is enabled is a db question. */
export const marketHandleSchema = z
  .string({ error: (issue) => (issue.input === undefined ? "is required" : "must be a market handle like de-de") })
  .trim()
  .regex(MARKET_HANDLE_RE, { error: "must be a market handle like de-de" });
