/** The admin page's campaign form → the same input the Admin API takes (pure; validated by CampaignInputSchema). */
import { CampaignInputSchema, type CampaignInput } from "./campaign-input";

/** "EUR=1000 USD=1200" (minor units per currency) → {EUR: "1000", USD: "1200"}. */
function parseAmounts(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.toUpperCase().matchAll(/([A-Z]{3})\s*[=:]\s*(\d+)/g)) out[m[1]!] = m[2]!;
  return out;
}

const int = (v: FormDataEntryValue | null) => {
  const s = String(v ?? "").trim();
  return s === "" ? null : Number(s);
};

const day = (v: FormDataEntryValue | null) => {
  const s = String(v ?? "").trim();
  return s === "" ? null : `${s}T00:00:00Z`;
};

export type CampaignFormResult = { ok: true; input: CampaignInput } | { ok: false; field: string };

export function readCampaignForm(form: FormData): CampaignFormResult {
  const percent = int(form.get("friendPercent"));
  const parsed = CampaignInputSchema.safeParse({
    name: String(form.get("name") ?? ""),
    startsAt: day(form.get("startsAt")) ?? "",
    endsAt: day(form.get("endsAt")),
    friendOfferKind: form.get("friendOfferKind"),
    friendPercentBp: percent === null ? null : Math.round(percent * 100),
    friendAmounts: parseAmounts(String(form.get("friendAmounts") ?? "")),
    friendCodeMode: form.get("friendCodeMode"),
    sharedCode: String(form.get("sharedCode") ?? "").trim() || null,
    rewardKind: form.get("rewardKind"),
    rewardPoints: int(form.get("rewardPoints")),
    rewardAmounts: parseAmounts(String(form.get("rewardAmounts") ?? "")),
    perReferrerCap: int(form.get("perReferrerCap")),
    minOrderBase: String(form.get("minOrderBase") ?? "").trim() || "0",
    returnWindowDays: int(form.get("returnWindowDays")) ?? 14,
    ipDailyLimit: int(form.get("ipDailyLimit")) ?? 3,
  });
  if (parsed.success) return { ok: true, input: parsed.data };
  return { ok: false, field: String(parsed.error.issues[0]?.path[0] ?? "name") };
}
