import { codeKey, useT } from "~/lib/i18n";
import type { DeliveryView } from "~/modules/shipping/delivery-view";

/**
 * The delivery promise: the method and its window, then each parcel (when the order ships from more
 * than one warehouse) with where it leaves from, what is in it and its own window. Strings arrive
 * formatted by the server (see deliveryView).
 */
export function DeliveryPromise({ delivery, estimated, headingLevel = 2 }: { delivery: DeliveryView; estimated?: boolean; headingLevel?: 2 | 3 }) {
  const t = useT();
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const count = delivery.shipments.length;
  return (
    <section className="rounded-lg bg-white p-4 text-sm" aria-labelledby="delivery-heading" data-testid="delivery-promise">
      <Heading id="delivery-heading" className="font-semibold">
        {t("delivery.heading")}
      </Heading>
      <p className="mt-1" data-testid="delivery-window">
        {t(estimated ? "delivery.estimatedWith" : "delivery.with", { method: t(codeKey("shipping", delivery.method)), range: delivery.range })}
      </p>
      {count > 1 ? (
        <ol className="mt-2 space-y-2">
          {delivery.shipments.map((s, i) => (
            <li key={i} className="rounded-md border border-stone-200 p-2" data-testid="shipment">
              <p className="font-medium">{t("delivery.parcel", { n: i + 1, count, country: s.from })}</p>
              <p data-testid="shipment-window">{t("delivery.arrives", { range: s.range })}</p>
              <ul className="text-stone-700">
                {s.items.map((item, j) => (
                  <li key={j}>{t("delivery.item", { quantity: item.quantity, title: item.title })}</li>
                ))}
              </ul>
            </li>
          ))}
        </ol>
      ) : count === 1 ? (
        <p className="text-stone-700" data-testid="shipment">
          {t("delivery.shipsFrom", { country: delivery.shipments[0]!.from })}
        </p>
      ) : null}
    </section>
  );
}
