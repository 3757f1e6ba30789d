/**
 * The part of ICU MessageFormat the catalogs use (https://unicode-org.github.io/icu/userguide/format_parse/messages/):
 * text, `{name}` arguments and `{name, plural, =0 {…} one {…} other {…}}` with `#`, plus ICU's
 * apostrophe quoting. Anything else (select, number or date styles) is refused when a message is
 * compiled, so a catalog that needs more fails its tests instead of printing garbage. It replaces a
 * general MessageFormat library in the browser bundle; the i18n tests compare its output with one.
 */
type Part = string | { arg: string } | { plural: string; branches: Map<string, Part[]> } | { hash: true };

export type Values = Record<string, string | number | Date>;

class Parser {
  private i = 0;
  constructor(private readonly src: string) {}

  parse(): Part[] {
    const parts = this.parts(false);
    if (this.i < this.src.length) this.fail("unexpected }");
    return parts;
  }

  private fail(why: string): never {
    throw new Error(`ICU message: ${why} at ${this.i} in "${this.src}"`);
  }

  private parts(inPlural: boolean): Part[] {
    const out: Part[] = [];
    let text = "";
    const src = this.src;
    while (this.i < src.length) {
      const c = src[this.i]!;
      if (c === "'") {
        // '' is one apostrophe; '{…}' (or a quoted # in a plural) is literal text; any other ' is itself.
        const next = src[this.i + 1];
        if (next === "'") {
          text += "'";
          this.i += 2;
        } else if (next === "{" || next === "}" || (inPlural && next === "#")) {
          let j = this.i + 1;
          for (; j < src.length; j++) {
            if (src[j] === "'") {
              if (src[j + 1] === "'") {
                text += "'";
                j++;
                continue;
              }
              break;
            }
            text += src[j];
          }
          this.i = j + 1;
        } else {
          text += "'";
          this.i++;
        }
      } else if (c === "{") {
        if (text) out.push(text);
        text = "";
        out.push(this.argument());
      } else if (c === "}") {
        break;
      } else if (c === "#" && inPlural) {
        if (text) out.push(text);
        text = "";
        out.push({ hash: true });
        this.i++;
      } else {
        text += c;
        this.i++;
      }
    }
    if (text) out.push(text);
    return out;
  }

  private word(): string {
    this.space();
    const m = /^[^\s{},#]+/.exec(this.src.slice(this.i));
    if (!m) this.fail("expected a name");
    this.i += m[0].length;
    this.space();
    return m[0];
  }

  private space() {
    while (/\s/.test(this.src[this.i] ?? "")) this.i++;
  }

  private expect(c: string) {
    if (this.src[this.i] !== c) this.fail(`expected ${c}`);
    this.i++;
  }

  private argument(): Part {
    this.expect("{");
    const name = this.word();
    if (this.src[this.i] === "}") {
      this.i++;
      return { arg: name };
    }
    this.expect(",");
    const type = this.word();
    if (type !== "plural") this.fail(`"${type}" arguments are not supported`);
    this.expect(",");
    const branches = new Map<string, Part[]>();
    this.space();
    while (this.src[this.i] !== "}") {
      const key = this.word();
      this.expect("{");
      branches.set(key, this.parts(true));
      this.expect("}");
      this.space();
      if (this.i >= this.src.length) this.fail("unclosed plural");
    }
    this.i++;
    if (!branches.has("other")) this.fail("a plural needs an other branch");
    return { plural: name, branches };
  }
}

const pluralRules = new Map<string, Intl.PluralRules>();
const numberFormats = new Map<string, Intl.NumberFormat>();

function cachedBy<T>(map: Map<string, T>, locale: string, make: () => T): T {
  let v = map.get(locale);
  if (!v) map.set(locale, (v = make()));
  return v;
}

export interface CompiledMessage {
  format(values?: Values): string;
}

/** Parses a message once; `format` fills it in for the locale (plural categories, `#` as a number). */
export function compileMessage(message: string, locale: string): CompiledMessage {
  const parts = new Parser(message).parse();
  const plurals = cachedBy(pluralRules, locale, () => new Intl.PluralRules(locale));
  const numbers = cachedBy(numberFormats, locale, () => new Intl.NumberFormat(locale));
  const render = (list: Part[], values: Values, count: number | null): string => {
    let s = "";
    for (const p of list) {
      if (typeof p === "string") s += p;
      else if ("hash" in p) s += count === null ? "#" : numbers.format(count);
      else if ("arg" in p) {
        const v = values[p.arg];
        if (v === undefined) throw new Error(`ICU message: no value for "${p.arg}" in "${message}"`);
        s += String(v);
      } else {
        const n = Number(values[p.plural]);
        if (Number.isNaN(n)) throw new Error(`ICU message: "${p.plural}" must be a number in "${message}"`);
        const branch = p.branches.get(`=${n}`) ?? p.branches.get(plurals.select(n)) ?? p.branches.get("other")!;
        s += render(branch, values, n);
      }
    }
    return s;
  };
  return { format: (values = {}) => render(parts, values, null) };
}
