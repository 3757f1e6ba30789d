import { Body, Container, Head, Hr, Html, Preview, Section, Text } from "@react-email/components";
import type { CSSProperties, ReactNode } from "react";
import type { EmailContext } from "../i18n";

/** Every template takes the same props: its data plus the recipient's language and Intl locale. */
export interface TemplateProps<D> {
  data: D;
  /** Catalog language, e.g. "de". */
  language: string;
  /** Formatting locale for money and dates, e.g. "de-AT". */
  intlLocale: string;
}

export const colors = {
  page: "#f5f2ec",
  card: "#ffffff",
  text: "#1f1b16",
  muted: "#5b544c", // 7:1 on white
  rule: "#e4ddd2",
  brand: "#7a3a1c", // white text on it: 9:1
  noticeBg: "#fff6e0",
  noticeBorder: "#c98a00",
};

const fontFamily =
  '-apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "Noto Sans JP", "Noto Sans Arabic", sans-serif';

/** Explicit left/right (many mail clients ignore `start`/`end`). */
export function sides(ctx: EmailContext): { start: "left" | "right"; end: "left" | "right" } {
  return ctx.dir === "rtl" ? { start: "right", end: "left" } : { start: "left", end: "right" };
}

export function text(ctx: EmailContext, extra: CSSProperties = {}): CSSProperties {
  return { fontSize: "16px", lineHeight: "24px", color: colors.text, textAlign: sides(ctx).start, margin: "0 0 16px", ...extra };
}

const FOOTER = { order: { help: "common.help", footer: "common.footer" }, account: { help: "account.help", footer: "account.footer" }, staff: { help: "staffInvitation.help", footer: "staffInvitation.footer" }, newsletter: { help: "common.help", footer: "newsletter.footer" }, loyalty: { help: "tierChange.help", footer: "tierChange.footer" }, marketing: { help: "marketing.help", footer: "marketing.footer" } } as const;

/** `reason`: why the recipient gets this message (the footer); an order by default. `helpValues` fill the help line's placeholders. */
export function EmailLayout({
  ctx,
  preview,
  children,
  reason = "order",
  helpValues,
  footerExtra,
}: {
  ctx: EmailContext;
  preview: string;
  children: ReactNode;
  reason?: keyof typeof FOOTER;
  helpValues?: Record<string, string>;
  /** Below the footer line: a marketing message's postal address and unsubscribe links. */
  footerExtra?: ReactNode;
}) {
  const { t } = ctx;
  const brand = t("common.brand");
  return (
    <Html lang={ctx.language} dir={ctx.dir}>
      <Head>
        <meta name="color-scheme" content="light" />
        <meta name="supported-color-schemes" content="light" />
      </Head>
      <Preview>{preview}</Preview>
      <Body style={{ backgroundColor: colors.page, margin: 0, padding: "24px 0", fontFamily, direction: ctx.dir }}>
        <Container
          style={{ backgroundColor: colors.card, maxWidth: "600px", margin: "0 auto", padding: "32px 28px", borderRadius: "8px", direction: ctx.dir }}
        >
          <Section>
            <Text
              style={{ fontSize: "22px", lineHeight: "28px", fontWeight: 700, letterSpacing: "0.02em", color: colors.brand, margin: "0 0 4px", textAlign: sides(ctx).start }}
            >
              {brand}
            </Text>
            <Text style={text(ctx, { fontSize: "13px", lineHeight: "18px", color: colors.muted, margin: "0 0 24px" })}>{t("common.tagline")}</Text>
          </Section>
          <div role="main">{children}</div>
          <Hr style={{ borderColor: colors.rule, margin: "32px 0 16px" }} />
          <Section role="contentinfo">
            <Text style={text(ctx, { fontSize: "14px", lineHeight: "20px", color: colors.muted, margin: "0 0 8px" })}>{t(FOOTER[reason].help, helpValues)}</Text>
            <Text style={text(ctx, { fontSize: "12px", lineHeight: "18px", color: colors.muted, margin: 0 })}>
              {t(FOOTER[reason].footer, { brand })}
            </Text>
            {footerExtra}
          </Section>
        </Container>
      </Body>
    </Html>
  );
}
