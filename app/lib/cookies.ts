/** The value of one cookie from a Cookie header, or undefined. */
export function readCookie(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k !== name) continue;
    try {
      return decodeURIComponent(v.join("="));
    } catch {
      // Broken percent-encoding (a tampered or truncated cookie) counts as no cookie, not a 500.
      return undefined;
    }
  }
  return undefined;
}
