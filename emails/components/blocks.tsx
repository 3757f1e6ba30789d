import { Button, Column, Heading, Img, Link, Row, Section, Text } from "@react-email/components";
import type { ReactNode } from "react";
import type { EmailContext } from "../i18n";
import { colors, sides, text } from "./layout";

export function Title({ ctx, children }: { ctx: EmailContext; children: ReactNode }) {
  return (
    <Heading as="h1" style={{ fontSize: "24px", lineHeight: "32px", fontWeight: 700, color: colors.text, margin: "0 0 16px", textAlign: sides(ctx).start }}>
      {children}
    </Heading>
  );
}

export function SubTitle({ ctx, children }: { ctx: EmailContext; children: ReactNode }) {
  return (
    <Heading as="h2" style={{ fontSize: "18px", lineHeight: "26px", fontWeight: 700, color: colors.text, margin: "24px 0 8px", textAlign: sides(ctx).start }}>
      {children}
    </Heading>
  );
}

export function Paragraph({ ctx, children, muted }: { ctx: EmailContext; children: ReactNode; muted?: boolean }) {
  return <Text style={text(ctx, muted ? { color: colors.muted, fontSize: "14px", lineHeight: "20px" } : {})}>{children}</Text>;
}

export function Greeting({ ctx, name }: { ctx: EmailContext; name?: string | null }) {
  return <Paragraph ctx={ctx}>{name ? ctx.t("common.greeting", { name }) : ctx.t("common.greetingAnonymous")}</Paragraph>;
}

/** A label/value row of a summary table; the value sits at the line's end (left in RTL). */
export function SummaryRow({ ctx, label, value, strong, muted }: { ctx: EmailContext; label: ReactNode; value: ReactNode; strong?: boolean; muted?: boolean }) {
  const { start, end } = sides(ctx);
  const style = {
    fontSize: strong ? "17px" : "15px",
    lineHeight: "22px",
    fontWeight: strong ? 700 : 400,
    color: muted ? colors.muted : colors.text,
    margin: 0,
    padding: "4px 0",
  };
  return (
    <Row>
      <Column style={{ textAlign: start, verticalAlign: "top" }}>
        <Text style={{ ...style, textAlign: start }}>{label}</Text>
      </Column>
      <Column style={{ textAlign: end, verticalAlign: "top", whiteSpace: "nowrap", width: "40%" }}>
        <Text style={{ ...style, textAlign: end }}>{value}</Text>
      </Column>
    </Row>
  );
}

export type EmailLine = {
  title: string;
  variantTitle?: string | null;
  quantity: number;
  imageUrl?: string | null;
};

/** Item rows: title, variant and quantity, with an optional price at the end. */
export function LineItems({ ctx, lines, price }: { ctx: EmailContext; lines: EmailLine[]; price?: (index: number) => string | null }) {
  const { start, end } = sides(ctx);
  return (
    <Section>
      {lines.map((line, i) => {
        const p = price?.(i) ?? null;
        return (
          <Row key={i} style={{ borderBottom: `1px solid ${colors.rule}` }}>
            {line.imageUrl ? (
              <Column style={{ width: "72px", verticalAlign: "top", padding: "10px 0" }}>
                <Img src={line.imageUrl} alt="" width="64" height="64" style={{ borderRadius: "6px", backgroundColor: colors.rule }} />
              </Column>
            ) : null}
            <Column style={{ textAlign: start, verticalAlign: "top", padding: "10px 0" }}>
              <Text style={{ fontSize: "15px", lineHeight: "22px", fontWeight: 600, color: colors.text, margin: 0, textAlign: start }}>{line.title}</Text>
              {line.variantTitle ? (
                <Text style={{ fontSize: "14px", lineHeight: "20px", color: colors.muted, margin: 0, textAlign: start }}>{line.variantTitle}</Text>
              ) : null}
              <Text style={{ fontSize: "14px", lineHeight: "20px", color: colors.muted, margin: 0, textAlign: start }}>
                {ctx.t("common.quantity", { quantity: line.quantity })}
              </Text>
            </Column>
            {p !== null ? (
              <Column style={{ textAlign: end, verticalAlign: "top", whiteSpace: "nowrap", width: "35%", padding: "10px 0" }}>
                <Text style={{ fontSize: "15px", lineHeight: "22px", color: colors.text, margin: 0, textAlign: end }}>{p}</Text>
              </Column>
            ) : null}
          </Row>
        );
      })}
    </Section>
  );
}

/** A call to action, with the raw link under it for clients that strip buttons. */
export function ActionButton({ ctx, href, children }: { ctx: EmailContext; href: string; children: ReactNode }) {
  return (
    <Section style={{ margin: "24px 0 8px", textAlign: sides(ctx).start }}>
      <Button
        href={href}
        style={{
          backgroundColor: colors.brand,
          color: "#ffffff",
          fontSize: "16px",
          fontWeight: 600,
          lineHeight: "24px",
          textDecoration: "none",
          borderRadius: "6px",
          padding: "12px 22px",
          display: "inline-block",
        }}
      >
        {children}
      </Button>
      <Text style={text(ctx, { fontSize: "12px", lineHeight: "18px", color: colors.muted, margin: "12px 0 0" })}>
        {ctx.t("common.linkFallback")}{" "}
        <Link href={href} style={{ color: colors.brand, wordBreak: "break-all" }}>
          {href}
        </Link>
      </Text>
    </Section>
  );
}

export function Notice({ ctx, children }: { ctx: EmailContext; children: ReactNode }) {
  const { start } = sides(ctx);
  return (
    <Section
      role="note"
      style={{
        backgroundColor: colors.noticeBg,
        borderLeft: start === "left" ? `4px solid ${colors.noticeBorder}` : undefined,
        borderRight: start === "right" ? `4px solid ${colors.noticeBorder}` : undefined,
        padding: "12px 16px",
        margin: "16px 0",
      }}
    >
      <Text style={text(ctx, { fontSize: "14px", lineHeight: "20px", margin: 0 })}>{children}</Text>
    </Section>
  );
}

export type EmailAddress = {
  name: string;
  line1: string;
  line2?: string | null;
  city: string;
  region?: string | null;
  postalCode?: string | null;
  /** ISO 3166-1 alpha-2 */
  country: string;
};

export function AddressBlock({ ctx, address }: { ctx: EmailContext; address: EmailAddress }) {
  const cityLine = [address.postalCode, address.city].filter(Boolean).join(" ");
  const lines = [address.name, address.line1, address.line2, cityLine, address.region, ctx.country(address.country)].filter(
    (x): x is string => Boolean(x),
  );
  return (
    <Text style={text(ctx, { fontSize: "15px", lineHeight: "22px" })}>
      {lines.map((l, i) => (
        <span key={i}>
          {l}
          {i < lines.length - 1 ? <br /> : null}
        </span>
      ))}
    </Text>
  );
}
