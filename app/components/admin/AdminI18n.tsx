import { useMemo, type ReactNode } from "react";
import { I18nContext, messagesTranslator, type Catalog } from "~/lib/i18n";

/** The admin is English first; its texts are in every catalog's `admin` group, ready for translation. */
export const ADMIN_LANGUAGE = "en";

/** Gives admin pages the admin's language, whatever the storefront's default market speaks. */
export function AdminI18n({ messages, children }: { messages: Catalog; children: ReactNode }) {
  const value = useMemo(
    () => ({ t: messagesTranslator(messages, ADMIN_LANGUAGE, "en-US"), locale: { language: ADMIN_LANGUAGE, intlLocale: "en-US", dir: "ltr" as const } }),
    [messages],
  );
  return (
    <I18nContext.Provider value={value}>
      <div lang={ADMIN_LANGUAGE} dir="ltr">
        {children}
      </div>
    </I18nContext.Provider>
  );
}

