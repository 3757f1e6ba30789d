// Issue #8 item 4: addresses as each country writes them.
import { describe, expect, it } from "vitest";
import { addressFieldsFor, postalCodeFormat, regionName, validateAddress } from "./address";
import { formatAddressLines } from "./address-format";
import { stateOfZip } from "./us-zip-prefixes";

const us = { name: "Jane Doe", line1: "350 Fifth Avenue", city: "New York", country: "US" };

describe("US ZIP codes match their state (USPS 3-digit ZIP prefix assignment, DMM L002)", () => {
  it("90210 (Beverly Hills, prefix 902 → CA) is refused with NY and accepted with CA", () => {
    expect(validateAddress({ ...us, region: "NY", postalCode: "90210" })).toEqual({ ok: false, errors: { postalCode: "address.errors.postalCodeRegion" } });
    expect(validateAddress({ ...us, region: "CA", postalCode: "90210", city: "Beverly Hills" }).ok).toBe(true);
  });
  it.each([
    ["10118", "NY"], // Empire State Building, prefix 101
    ["20500", "DC"], // the White House, prefix 205
    ["05501", "MA"], // Andover IRS, prefix 055 inside Vermont's 050–059 range
    ["73301", "TX"], // Austin IRS, prefix 733 inside Oklahoma's 730–749 range
    ["99501", "AK"], // Anchorage, 995
    ["96813", "HI"], // Honolulu, 968
    ["00501", "NY"], // Holtsville IRS, 005
  ])("%s is in %s", (zip, state) => {
    expect(stateOfZip(zip)).toBe(state);
    expect(validateAddress({ ...us, region: state, postalCode: zip }).ok).toBe(true);
  });
  it("military (APO/FPO 090–099, 340, 962–966) and territory prefixes belong to no state and are not held against one", () => {
    expect(stateOfZip("09001")).toBeNull();
    expect(stateOfZip("96201")).toBeNull();
  });
});

describe("postal code errors say what is expected", () => {
  it("Germany: 5 digits, e.g. 10115; Japan: 7 digits, e.g. 100-0001; Canada: the pattern A1A 1A1 by example", () => {
    expect(postalCodeFormat("DE")).toEqual({ digits: 5, example: "10115" });
    expect(postalCodeFormat("JP")).toEqual({ digits: 7, example: "100-0001" });
    expect(postalCodeFormat("CA")).toEqual({ digits: 0, example: "K1A 0B1" });
    const de = addressFieldsFor("DE").find((f) => f.name === "postalCode")!;
    expect(de.errorValues).toEqual({ digits: 5, example: "10115" });
    expect(validateAddress({ name: "A", line1: "B", city: "Berlin", country: "DE", postalCode: "1011" })).toEqual({ ok: false, errors: { postalCode: "address.errors.postalCodeFormat" } });
  });
});

describe("phone numbers (libphonenumber-js)", () => {
  it("are kept in international format and refused when not dialable in the country", () => {
    const ae = { name: "Fatima", line1: "Street 1", city: "Dubai", country: "AE" };
    // UAE mobile numbers: +971 5X XXX XXXX (TDRA numbering plan).
    const r = validateAddress({ ...ae, phone: "050 123 4567" });
    expect(r.ok && r.address.phone).toBe("+971 50 123 4567");
    expect(validateAddress({ ...ae, phone: "123" })).toEqual({ ok: false, errors: { phone: "address.errors.phoneInvalid" } });
    expect(addressFieldsFor("AE").find((f) => f.name === "phone")!.errorValues?.example).toMatch(/^\+971 /);
  });
});

describe("region names in the reader's language", () => {
  it("Japanese prefectures in kanji (JIS X 0401) for Japanese, ISO 3166-2 names otherwise", () => {
    expect(regionName("JP", "13", "ja")).toBe("東京都");
    expect(regionName("JP", "01", "ja")).toBe("北海道");
    expect(regionName("JP", "13", "en")).toBe("Tokyo");
    expect(regionName("US", "NY", "en")).toBe("New York");
    // A region typed in Japanese is recognised.
    const r = validateAddress({ name: "山田 花子", line1: "神宮前1-1", city: "渋谷区", region: "東京都", postalCode: "1500001", country: "JP" });
    expect(r.ok && r.address.region).toBe("13");
  });
});

describe("the address block as the country writes it", () => {
  it("Japan, written in Japanese: 〒 postal code, prefecture + city, street, name (Japan Post order)", () => {
    expect(formatAddressLines({ name: "山田 花子", line1: "神宮前1-1", city: "渋谷区", region: "13", postalCode: "150-0001", country: "JP" }, "ja")).toEqual([
      "〒150-0001",
      "東京都渋谷区",
      "神宮前1-1",
      "山田 花子",
    ]);
  });
  it("US: city, state abbreviation and ZIP on one line (USPS Publication 28)", () => {
    expect(formatAddressLines({ ...us, region: "NY", postalCode: "10118" }, "en")).toEqual(["Jane Doe", "350 Fifth Avenue", "New York, NY 10118"]);
  });
  it("Germany: postal code before the city (DIN 5008); line 2 after the street", () => {
    expect(formatAddressLines({ name: "Anna Schmidt", line1: "Hauptstr. 1", line2: "Hinterhaus", city: "Berlin", postalCode: "10115", country: "DE" }, "de")).toEqual([
      "Anna Schmidt",
      "Hauptstr. 1",
      "Hinterhaus",
      "10115 Berlin",
    ]);
  });
});
