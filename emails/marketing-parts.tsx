import { Link, Text } from "@react-email/components";
import { ActionButton, Paragraph, Title } from "./components/blocks";
import { colors, EmailLayout, text, type TemplateProps } from "./components/layout";
import { createEmailContext, type EmailContext } from "./i18n";

/** What the mail module adds to every marketing message (never written by the sender of the message). */
export type MarketingFooter = {
  /** The store's postal address (store settings); null when not set yet. */
  postalAddress: string | null;
  /** Absolute URL of the recipient's signed /unsubscribe page. */
  unsubscribeUrl: string;
  /** Absolute URL of the email preferences page. */
  preferencesUrl: string;
};

/** A simple marketing message: heading, paragraphs and an optional button (campaigns build on it). */
export type MarketingMessageData = {
  subject: string;
  heading: string;
  paragraphs: string[];
  button?: { label: string; url: string } | null;
  /** Filled in by the mail module at send time. */
  footer?: MarketingFooter;
};

export function marketingMessageSubject(data: MarketingMessageData, _ctx: EmailContext): string {
  return data.subject;
}

/** The postal address and the unsubscribe and preferences links under a marketing message's footer. */
export function MarketingFooterLines({ ctx, footer }: { ctx: EmailContext; footer: MarketingFooter | undefined }) {
  if (!footer) return null;
  const small = text(ctx, { fontSize: "12px", lineHeight: "18px", color: colors.muted, margin: "8px 0 0" });
  return (
    <>
      {footer.postalAddress ? <Text style={{ ...small, whiteSpace: "pre-line" }}>{footer.postalAddress}</Text> : null}
      <Text style={small}>
        <Link href={footer.unsubscribeUrl} style={{ color: colors.muted, textDecoration: "underline" }}>
          {ctx.t("marketing.unsubscribe")}
        </Link>
        {" · "}
        <Link href={footer.preferencesUrl} style={{ color: colors.muted, textDecoration: "underline" }}>
          {ctx.t("marketing.preferences")}
        </Link>
      </Text>
    </>
  );
}

export function MarketingMessage({ data, language, intlLocale }: TemplateProps<MarketingMessageData>) {
  const ctx = createEmailContext(language, intlLocale);
  return (
    <EmailLayout ctx={ctx} preview={data.heading} reason="marketing" footerExtra={<MarketingFooterLines ctx={ctx} footer={data.footer} />}>
      <Title ctx={ctx}>{data.heading}</Title>
      {data.paragraphs.map((p, i) => (
        <Paragraph key={i} ctx={ctx}>
          {p}
        </Paragraph>
      ))}
      {data.button ? (
        <ActionButton ctx={ctx} href={data.button.url}>
          {data.button.label}
        </ActionButton>
      ) : null}
    </EmailLayout>
  );
}
