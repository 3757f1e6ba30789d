import { Fragment, type ReactNode } from "react";
import { useT, type MessageKey } from "~/lib/i18n";

const MARK = "\u0000";

/**
 * A translated message whose values are left-to-right runs (emails, order numbers, phone numbers)
 * isolated in <bdi dir="ltr">, so in Arabic "+971 50 123 4567" does not turn into "4567 123 50 971+"
 * (Unicode Bidirectional Algorithm, UAX #9; HTML's bdi element).
 */
export function useIsolatedT(): (key: MessageKey, values: Record<string, string>) => ReactNode {
  const t = useT();
  return (key, values) => {
    const marked = Object.fromEntries(Object.keys(values).map((k) => [k, `${MARK}${k}${MARK}`]));
    return t(key, marked)
      .split(MARK)
      .map((part, i) =>
        i % 2 === 1 && part in values ? (
          <bdi key={i} dir="ltr">
            {values[part]}
          </bdi>
        ) : (
          <Fragment key={i}>{part}</Fragment>
        ),
      );
  };
}
