/**
 * Typo tolerance as dedicated search engines define it (Algolia's and Typesense's defaults): a
 * query word of 5+ letters may differ from a catalog word by one edit, a word of 9+ letters by two.
 * An edit is an insertion, deletion, substitution or a swap of two adjacent letters, i.e. the
 * "optimal string alignment" variant of the Damerau-Levenshtein distance.
 */

const LATIN_WORD = /^\p{Script=Latin}+$/u;

/** The typos a query word tolerates; 0 for short words and for scripts without spelling variants. */
export function typoBudget(word: string): number {
  const letters = [...word];
  if (!LATIN_WORD.test(word)) return 0;
  if (letters.length >= 9) return 2;
  if (letters.length >= 5) return 1;
  return 0;
}

/** Lowercased Latin-script words of a text, for the search vocabulary and the query. */
export function latinWords(text: string): string[] {
  const words = text.toLocaleLowerCase("und").normalize("NFC").match(/\p{Script=Latin}+/gu) ?? [];
  return [...new Set(words)];
}

/**
 * Optimal-string-alignment distance between two words (code points), or `max + 1` as soon as it
 * is certain to exceed `max`.
 */
export function osaDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  const s = [...a];
  const t = [...b];
  if (Math.abs(s.length - t.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      row.push(d);
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = row;
  }
  return prev[t.length]!;
}
