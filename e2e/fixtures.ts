import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type Browser, type BrowserContext, type Page, type Request } from "@playwright/test";

/**
 * Every journey imports `test` from here. Two guards run on every page of every browser context the
 * test opens (its own `page`, and contexts it makes with `browser.newContext()`):
 *
 * - console errors and uncaught exceptions fail the test — React's hydration errors (#418/#423/#425)
 *   among them, which otherwise pass silently while the page re-renders. A test that expects an error
 *   (a page that answers 404 on purpose) lists it in `allowedConsoleErrors`.
 * - axe scans each page once it has loaded or after a client-side navigation (once per URL and viewport
 *   width per test), and any violation fails the test. The next `goto`/`reload` (and, without
 *   JavaScript, every next document) waits for the scan; a click that navigates in the hydrated app
 *   does not, so a page the app leaves within a moment may go unscanned.
 *   A state worth checking on its own (an open drawer, an error summary) gets an explicit
 *   `await expectAccessible(page)`.
 */

// The WCAG 2.1 A/AA rules plus axe's best practices (landmarks, one h1, heading order), as Lighthouse's
// accessibility audit runs them; `label-content-name-mismatch` (WCAG 2.5.3) is experimental in axe and
// switched on because the shopper review found it.
function axe(page: Page) {
  return new AxeBuilder({ page }).options({ rules: { "label-content-name-mismatch": { enabled: true } } });
}

type Violation = { id: string; impact?: string | null; help: string; nodes: { target: unknown; failureSummary?: string }[] };

function describe(url: string, width: number, violations: Violation[]): string[] {
  return violations.map(
    (v) =>
      `${url} @${width}px: ${v.id} (${v.impact ?? "?"}) ${v.help}\n` +
      v.nodes
        .slice(0, 5)
        .map((n) => `    ${JSON.stringify(n.target)} ${n.failureSummary?.split("\n").slice(1).join(" ").trim() ?? ""}`)
        .join("\n"),
  );
}

/**
 * axe cannot run in a page whose scripts are switched off (its promises never settle there), so a
 * JavaScript-free page is scanned as a copy: the HTML the server sent (which is what such a page
 * shows) without its scripts, in a scripting page of the same size that loads the same stylesheets and
 * images from the server.
 */
function copyAnalyzer(newContext: Browser["newContext"], browser: Browser) {
  let scratch: Promise<Page> | undefined;
  const analyze = async (url: string, html: string, size: { width: number; height: number } | null) => {
    // Explicitly on: contexts made in a test inherit the test's options, `javaScriptEnabled: false` too.
    scratch ??= newContext.call(browser, { javaScriptEnabled: true }).then((c) => c.newPage());
    const copy = await scratch;
    if (size) await copy.setViewportSize(size);
    const body = html.replace(/<script\b[\s\S]*?<\/script>/gi, "").replace(/<link\b[^>]*rel="modulepreload"[^>]*>/gi, "");
    await copy.route(url, (route) => route.fulfill({ contentType: "text/html; charset=utf-8", body }), { times: 1 });
    await copy.goto(url);
    return (await axe(copy).analyze()).violations;
  };
  const close = async () => {
    if (scratch) await (await scratch).context().close();
  };
  return { analyze, close };
}

/**
 * Scans the page as it is now and fails on any violation, for states a navigation does not reach
 * (an open drawer, an error summary). Only for pages with JavaScript on.
 */
export async function expectAccessible(page: Page) {
  const { violations } = await axe(page).analyze();
  expect(describe(page.url(), page.viewportSize()?.width ?? 0, violations), "axe violations").toEqual([]);
}

// Errors that mean the page went away (navigation, closed tab) while it was being scanned.
const GONE = /Execution context was destroyed|Target (page, context or browser )?(has been )?closed|frame was detached|navigat/i;

class PageScanner {
  readonly violations: string[] = [];
  private readonly seen = new Set<string>();
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly copies: ReturnType<typeof copyAnalyzer>) {}

  watch(context: BrowserContext, javaScriptEnabled: boolean) {
    if (javaScriptEnabled) {
      // Full loads and the client-side navigations of the hydrated app (history API) both count.
      const onPage = (page: Page) =>
        page.on("framenavigated", (frame) => {
          if (frame === page.mainFrame()) this.enqueue(() => this.scanLive(page));
        });
      context.pages().forEach(onPage);
      context.on("page", onPage);
      // The page's next document waits until the scans so far are done (a scan cannot run while the
      // page it reads has a navigation pending, so requests are not held here as they are below).
      const holdNavigations = (page: Page) => {
        for (const method of ["goto", "reload", "goBack", "goForward"] as const) {
          const original = page[method].bind(page) as (...a: unknown[]) => Promise<unknown>;
          (page as unknown as Record<string, unknown>)[method] = async (...args: unknown[]) => {
            await this.settled();
            return original(...args);
          };
        }
      };
      context.pages().forEach(holdNavigations);
      context.on("page", holdNavigations);
    } else {
      context.on("response", (response) => {
        const request = response.request();
        if (!request.isNavigationRequest() || !isMainFrame(request)) return;
        if (response.status() >= 300 && response.status() < 400) return;
        if (!/^text\/html/.test(response.headers()["content-type"] ?? "")) return;
        const size = request.frame().page().viewportSize();
        this.enqueue(async () => this.record(response.url(), size?.width ?? 0, () => response.text().then((html) => this.copies.analyze(response.url(), html, size))));
      });
      // A page's next document (a link, a form post, a goto) waits until the scans so far are done, so
      // a journey that moves on at once still has each page it passed through scanned.
      void context.route("**/*", async (route) => {
        const request = route.request();
        if (request.isNavigationRequest() && isMainFrame(request)) await this.settled();
        await route.fallback();
      });
    }
    // Let the scans of a context finish before the test closes it.
    const close = context.close.bind(context);
    context.close = async (...args) => {
      await this.settled();
      return close(...args);
    };
  }

  settled() {
    return this.queue;
  }

  private enqueue(scan: () => Promise<void>) {
    this.queue = this.queue.then(scan);
  }

  private async scanLive(page: Page) {
    if (page.isClosed()) return;
    const url = page.url();
    await this.record(url, page.viewportSize()?.width ?? 0, async () => {
      await page.waitForLoadState("load");
      // A client-side navigation commits its URL before React has rendered the new route.
      await page.waitForTimeout(150);
      if (page.url() !== url) return null;
      const isHtml = await page.evaluate(() => document.contentType === "text/html");
      if (!isHtml || page.url() !== url) return null;
      const { violations } = await axe(page).analyze();
      return page.url() === url ? violations : null;
    });
  }

  /** Runs one scan unless this URL was scanned at this width already; null = the page went away. */
  private async record(url: string, width: number, analyze: () => Promise<Violation[] | null>) {
    const key = `${width} ${url}`;
    if (this.seen.has(key)) return;
    try {
      const violations = await analyze();
      if (!violations) return;
      this.seen.add(key);
      this.violations.push(...describe(url, width, violations));
    } catch (e) {
      if (!GONE.test(String(e))) this.violations.push(`${url} @${width}px: the scan failed: ${String(e)}`);
    }
  }
}

function isMainFrame(request: Request) {
  const frame = request.frame();
  return frame === frame.page().mainFrame();
}

function watchConsole(context: BrowserContext, allowedConsoleErrors: RegExp[], errors: string[]) {
  const allowed = (text: string) => allowedConsoleErrors.some((re) => re.test(text));
  context.on("console", (m) => {
    if (m.type() === "error" && !allowed(m.text())) errors.push(`console error on ${m.page()?.url() ?? "?"}: ${m.text()}`);
  });
  context.on("weberror", (e) => {
    if (!allowed(e.error().message)) errors.push(`uncaught on ${e.page()?.url() ?? "?"}: ${e.error().message}`);
  });
}

export const test = base.extend<{ allowedConsoleErrors: RegExp[]; signUpOffer: boolean; browserGuards: void }>({
  allowedConsoleErrors: [[], { option: true }],
  // The storefront's sign-up offer is a modal dialog a few seconds into a visit; journeys that are not
  // about it start with it dismissed (as a returning visitor would), so it never covers what they click.
  signUpOffer: [false, { option: true }],
  browserGuards: [
    async ({ context, browser, allowedConsoleErrors, javaScriptEnabled, signUpOffer }, use) => {
      const errors: string[] = [];
      const newContext = browser.newContext;
      const copies = copyAnalyzer(newContext, browser);
      const scanner = new PageScanner(copies);
      const watch = (c: BrowserContext, js: boolean) => {
        watchConsole(c, allowedConsoleErrors, errors);
        scanner.watch(c, js);
      };
      const skipOffer = (c: BrowserContext) => (signUpOffer ? Promise.resolve() : c.addInitScript(() => {
              try {
                window.localStorage.setItem("harbor_signup_offer", "dismissed");
              } catch {
                // about:blank and other opaque origins have no storage; the storefront's pages do.
              }
            }));
      await skipOffer(context);
      watch(context, javaScriptEnabled !== false);
      // Contexts the test creates itself get both guards too.
      browser.newContext = async function (...args: Parameters<Browser["newContext"]>) {
        const created = await newContext.apply(this, args);
        await skipOffer(created);
        watch(created, (args[0]?.javaScriptEnabled ?? javaScriptEnabled) !== false);
        return created;
      };
      try {
        await use();
      } finally {
        browser.newContext = newContext;
      }
      // The page the test ended on may not have been scanned yet (it finished right after loading).
      for (const page of context.pages()) if (!page.isClosed()) await page.waitForLoadState("load").catch(() => {});
      await scanner.settled();
      await copies.close();
      expect(errors, "console errors or uncaught exceptions in the browser").toEqual([]);
      expect(scanner.violations, "axe violations on the pages this test visited").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
export type { APIRequestContext, Page } from "@playwright/test";
