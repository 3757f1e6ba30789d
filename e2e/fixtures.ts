import { test as base, expect } from "@playwright/test";

/**
 * Every journey imports `test` from here: it records console errors and uncaught exceptions of every
 * page in the test's browser context and fails the test when there are any — React's hydration
 * errors (#418/#423/#425) among them, which otherwise pass silently while the page re-renders.
 * A test that expects an error (a page that answers 404 on purpose) lists it in `allowedConsoleErrors`.
 */
export const test = base.extend<{ allowedConsoleErrors: RegExp[]; consoleErrors: string[] }>({
  allowedConsoleErrors: [[], { option: true }],
  consoleErrors: [
    async ({ context, allowedConsoleErrors }, use) => {
      const errors: string[] = [];
      const allowed = (text: string) => allowedConsoleErrors.some((re) => re.test(text));
      context.on("console", (m) => {
        if (m.type() === "error" && !allowed(m.text())) errors.push(`console error on ${m.page()?.url() ?? "?"}: ${m.text()}`);
      });
      context.on("weberror", (e) => {
        if (!allowed(e.error().message)) errors.push(`uncaught on ${e.page()?.url() ?? "?"}: ${e.error().message}`);
      });
      await use(errors);
      expect(errors, "console errors or uncaught exceptions in the browser").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
export type { APIRequestContext, Page } from "@playwright/test";
