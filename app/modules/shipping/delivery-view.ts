import { regionNames } from "~/lib/intl";
import { formatDeliveryRange } from "./shipping";

/**
 * A delivery promise ready to render: every date range and country name is formatted here, on the
 * server, once. The browser's Intl data can differ from the server's (thin or narrow no-break spaces
 * in ranges), and React would throw a server-rendered page away over one such character.
 */
export interface DeliveryView {
  method: string;
  range: string;
  shipments: { from: string; range: string; items: { title: string; quantity: number }[] }[];
}

export interface DeliveryInput {
  method: string;
  earliest: string | Date;
  latest: string | Date;
  shipments: { shipsFrom: string; earliest: string | Date; latest: string | Date; lines: { id: string; quantity: number }[] }[];
}

export function deliveryView(input: DeliveryInput, titles: ReadonlyMap<string, string>, intlLocale: string): DeliveryView {
  const range = (a: string | Date, b: string | Date) => formatDeliveryRange(new Date(a), new Date(b), intlLocale);
  const country = (code: string) => {
    try {
      return regionNames(intlLocale).of(code) ?? code;
    } catch {
      return code;
    }
  };
  return {
    method: input.method,
    range: range(input.earliest, input.latest),
    shipments: input.shipments.map((s) => ({
      from: country(s.shipsFrom),
      range: range(s.earliest, s.latest),
      items: s.lines.map((l) => ({ title: titles.get(l.id) ?? "", quantity: l.quantity })),
    })),
  };
}

/** The delivery of a cart view's chosen method, or of the one checkout pre-selects (`estimated`). */
export function cartDeliveryView(
  cart: {
    lines: { id: string; title: string; variantTitle: string }[];
    shippingMethod: string | null;
    defaultShippingMethod: string | null;
    shippingMethods: { code: string; earliest: string; latest: string; shipments: { shipsFrom: string; earliest: string; latest: string; lines: { lineId: string; quantity: number }[] }[] }[];
  },
  intlLocale: string,
): { delivery: DeliveryView; estimated: boolean } | null {
  const code = cart.shippingMethod ?? cart.defaultShippingMethod;
  const quote = cart.shippingMethods.find((m) => m.code === code);
  if (!quote) return null;
  const titles = new Map(cart.lines.map((l) => [l.id, l.variantTitle ? `${l.title} · ${l.variantTitle}` : l.title]));
  const delivery = deliveryView(
    {
      method: quote.code,
      earliest: quote.earliest,
      latest: quote.latest,
      shipments: quote.shipments.map((s) => ({ ...s, lines: s.lines.map((l) => ({ id: l.lineId, quantity: l.quantity })) })),
    },
    titles,
    intlLocale,
  );
  return { delivery, estimated: !cart.shippingMethod };
}
