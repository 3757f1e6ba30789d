/** drizzle's execute() returns { rows } on PGlite and an array on postgres.js; this evens them out. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
