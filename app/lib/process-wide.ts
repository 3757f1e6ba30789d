/**
 * One value per process, however many copies of a module are loaded: the server entry and the Remix
 * bundle each load their own copy of a file, so a registry kept in a module variable would be split
 * in two (a job handler or listener registered at start-up would never reach the bundle's copy).
 */
export function processWide<T>(name: string, create: () => T): T {
  const holder = globalThis as Record<symbol, unknown>;
  const key = Symbol.for(`harbor.${name}`);
  return (holder[key] ??= create()) as T;
}
