import { codeKey, type MessageKey, type Translate } from "./i18n";

/** A refusal as a page keeps it from a `UserError`: its code, the server's message and details. */
export interface ShownUserError {
  code: string;
  message: string;
  details?: unknown;
}

/**
 * A refusal in the page's language. The server's `message` is English, written for API clients, so
 * pages never show it: they word the code, filling in the numbers the error carries in `details`.
 * A code whose details are missing gets its general wording rather than a sentence with a gap.
 */
export function userErrorMessage(t: Translate, error: ShownUserError): string {
  const details = error.details && typeof error.details === "object" ? (error.details as Record<string, unknown>) : {};
  const count = (name: string) => (typeof details[name] === "number" && Number.isInteger(details[name]) ? (details[name] as number) : undefined);
  switch (error.code) {
    case "insufficient_stock": {
      const available = count("available");
      if (available === undefined) return t("errors.insufficient_stock");
      if (typeof details.title === "string") return t("errorDetails.lineAvailable", { title: details.title, count: available });
      return t("errorDetails.available", { count: available });
    }
    case "invalid_quantity": {
      const max = count("max");
      return max === undefined ? t("errors.invalid_quantity") : t("errorDetails.maxQuantity", { max });
    }
    case "too_many_lines": {
      const max = count("max");
      return max === undefined ? t("errors.too_many_lines") : t("errorDetails.maxLines", { max });
    }
    case "invalid_input":
      // The message of a failed form check is a message key (the field's error), not English.
      return t("errors.invalid_input", { message: error.message ? t(error.message as MessageKey) : "" });
    default:
      return t(codeKey("errors", error.code));
  }
}
