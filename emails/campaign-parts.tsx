import { Column, Img, Link, Row, Section, Text } from "@react-email/components";
import { ActionButton, Paragraph, Title } from "./components/blocks";
import { colors, EmailLayout, text, type TemplateProps } from "./components/layout";
import { createEmailContext, type EmailContext, type EmailMoney } from "./i18n";
import { MarketingFooterLines, type MarketingFooter } from "./marketing-parts";

/** A campaign block as rendered: links already tracked, products already priced in the recipient's market. */
export type RenderedCampaignBlock =
  | { type: "heading"; text: string }
  | { type: "text"; text: string }
  | { type: "image"; url: string; alt: string }
  | { type: "button"; label: string; url: string }
  | { type: "products"; items: { title: string; url: string; imageUrl: string | null; price: EmailMoney | null }[] }
  | { type: "discount"; code: string };

export type CampaignMessageData = {
  subject: string;
  preheader: string;
  blocks: RenderedCampaignBlock[];
  /** Filled in by the mail module at send time. */
  footer?: MarketingFooter;
};

export function campaignMessageSubject(data: CampaignMessageData, _ctx: EmailContext): string {
  return data.subject;
}

function Block({ ctx, block }: { ctx: EmailContext; block: RenderedCampaignBlock }) {
  switch (block.type) {
    case "heading":
      return <Title ctx={ctx}>{block.text}</Title>;
    case "text":
      return <Paragraph ctx={ctx}>{block.text}</Paragraph>;
    case "image":
      return <Img src={block.url} alt={block.alt} width="544" style={{ maxWidth: "100%", height: "auto", margin: "12px 0" }} />;
    case "button":
      return (
        <ActionButton ctx={ctx} href={block.url}>
          {block.label}
        </ActionButton>
      );
    case "discount":
      return (
        <Section style={{ border: `1px dashed ${colors.muted}`, borderRadius: "6px", padding: "12px", margin: "16px 0", textAlign: "center" }}>
          <Text style={text(ctx, { margin: 0, color: colors.muted, fontSize: "13px", textAlign: "center" })}>{ctx.t("marketing.discountCode")}</Text>
          <Text style={text(ctx, { margin: "4px 0 0", fontSize: "22px", fontWeight: 700, letterSpacing: "2px", textAlign: "center" })}>{block.code}</Text>
        </Section>
      );
    case "products":
      return (
        <Section style={{ margin: "16px 0" }}>
          <Row>
            {block.items.map((item) => (
              <Column key={item.url} style={{ verticalAlign: "top", padding: "0 6px", width: `${Math.floor(100 / Math.max(1, block.items.length))}%` }}>
                {item.imageUrl ? <Img src={item.imageUrl} alt={item.title} width="160" style={{ maxWidth: "100%", height: "auto" }} /> : null}
                <Text style={text(ctx, { margin: "6px 0 0", fontSize: "14px" })}>
                  <Link href={item.url} style={{ color: colors.text }}>
                    {item.title}
                  </Link>
                </Text>
                {item.price ? <Text style={text(ctx, { margin: "2px 0 0", fontSize: "14px", fontWeight: 600 })}>{ctx.money(item.price)}</Text> : null}
              </Column>
            ))}
          </Row>
        </Section>
      );
  }
}

export function CampaignMessage({ data, language, intlLocale }: TemplateProps<CampaignMessageData>) {
  const ctx = createEmailContext(language, intlLocale);
  return (
    <EmailLayout ctx={ctx} preview={data.preheader || data.subject} reason="marketing" footerExtra={<MarketingFooterLines ctx={ctx} footer={data.footer} />}>
      {data.blocks.map((b, i) => (
        <Block key={i} ctx={ctx} block={b} />
      ))}
    </EmailLayout>
  );
}
