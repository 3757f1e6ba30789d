/** Intl objects are costly to build (tens of µs each); pages build the same few over and over. */
const cache = new Map<string, unknown>();

function memo<T>(key: string, make: () => T): T {
  let v = cache.get(key) as T | undefined;
  if (v === undefined) {
    v = make();
    cache.set(key, v);
  }
  return v;
}

export function numberFormat(locale: string, opts: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  return memo(`n|${locale}|${JSON.stringify(opts)}`, () => new Intl.NumberFormat(locale, opts));
}

export function regionNames(locale: string): Intl.DisplayNames {
  return memo(`r|${locale}`, () => new Intl.DisplayNames([locale], { type: "region" }));
}

export function memoized<T>(key: string, make: () => T): T {
  return memo(`m|${key}`, make);
}
