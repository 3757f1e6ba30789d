import { createContext, useContext } from "react";

/** The Content-Security-Policy nonce of this response; set on the server only (browsers hide it). */
export const NonceContext = createContext<string | undefined>(undefined);

export function useNonce(): string | undefined {
  return useContext(NonceContext);
}
