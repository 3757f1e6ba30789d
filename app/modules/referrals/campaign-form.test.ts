import { describe, expect, it } from "vitest";
import { readCampaignForm } from "./campaign-form";

const form = (fields: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
};

const base = { name: "Autumn", startsAt: "2026-10-01", friendOfferKind: "percentage", friendPercent: "15", friendCodeMode: "unique", rewardKind: "points", rewardPoints: "300" };

describe("the admin campaign form", () => {
  it("reads percent as basis points (15% = 1500), days as UTC midnight and the defaults of the Admin API", () => {
    const r = readCampaignForm(form(base));
    expect(r).toEqual({ ok: true, input: expect.objectContaining({ friendPercentBp: 1500, startsAt: "2026-10-01T00:00:00Z", endsAt: null, returnWindowDays: 14, ipDailyLimit: 3, minOrderBase: "0" }) });
  });

  it("reads amounts per currency in minor units and names the first invalid field", () => {
    const fixed = readCampaignForm(form({ ...base, friendOfferKind: "fixed", friendAmounts: "eur=1000, JPY: 1500", rewardKind: "discount", rewardAmounts: "USD=500" }));
    expect(fixed.ok && fixed.input.friendAmounts).toEqual({ EUR: "1000", JPY: "1500" });
    expect(fixed.ok && fixed.input.rewardAmounts).toEqual({ USD: "500" });
    expect(readCampaignForm(form({ ...base, friendOfferKind: "fixed" }))).toEqual({ ok: false, field: "friendAmounts" });
    expect(readCampaignForm(form({ ...base, endsAt: "2026-09-01" }))).toEqual({ ok: false, field: "endsAt" });
    expect(readCampaignForm(form({ ...base, name: " " }))).toEqual({ ok: false, field: "name" });
  });
});
