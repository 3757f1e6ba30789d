import { describe, expect, it } from "vitest";
import {
  ADDRESS_ERRORS,
  addressFieldsFor,
  addressSchema,
  normalizePostalCode,
  normalizeRegion,
  regionsFor,
  validateAddress,
} from "./address";

const base = { name: "Ada Lovelace", line1: "1 Main Street", city: "Springfield" };
const ok = (input: Record<string, unknown>) => {
  const v = validateAddress(input);
  if (!v.ok) throw new Error(`expected valid, got ${JSON.stringify(v.errors)}`);
  return v.address;
};
const errors = (input: Record<string, unknown>) => {
  const v = validateAddress(input);
  if (v.ok) throw new Error(`expected errors for ${JSON.stringify(input)}`);
  return v.errors;
};

describe("always required", () => {
  it("name, line1, city, country", () => {
    expect(errors({ country: "DE", postalCode: "10115" })).toEqual({
      name: "address.errors.required",
      line1: "address.errors.required",
      city: "address.errors.required",
    });
    expect(errors({ ...base, name: "   ", country: "DE", postalCode: "10115" })).toEqual({ name: "address.errors.required" });
    expect(errors({ ...base })).toMatchObject({ country: "address.errors.required" });
    expect(errors({ ...base, country: "USA", postalCode: "12345" })).toMatchObject({ country: "address.errors.countryInvalid" });
    expect(errors({ ...base, line1: "x".repeat(121), country: "DE", postalCode: "10115" })).toEqual({ line1: "address.errors.tooLong" });
  });

  it("normalizes whitespace, country case, and drops empty optionals and unknown keys", () => {
    expect(ok({ name: "  Ada   Lovelace ", line1: "Unter den Linden 1", line2: "", city: "Berlin", country: "de", postalCode: " 10117 ", phone: "", extra: 1 })).toEqual({
      name: "Ada Lovelace",
      line1: "Unter den Linden 1",
      city: "Berlin",
      country: "DE",
      postalCode: "10117",
    });
  });

  it("non-objects are just invalid", () => {
    expect(validateAddress(null)).toMatchObject({ ok: false });
    expect(validateAddress("US")).toMatchObject({ ok: false });
  });

  it("optionally restricts the country to a market's ship-to list", () => {
    const v = validateAddress({ ...base, country: "FR", postalCode: "75001" }, { countries: ["DE", "AT"] });
    expect(v).toEqual({ ok: false, errors: { country: "address.errors.countryNotServed" } });
  });

  it("phone is optional but checked when given", () => {
    expect(ok({ ...base, country: "DE", postalCode: "10115", phone: "030 1234567" }).phone).toBe("+49 30 1234567");
    expect(errors({ ...base, country: "DE", postalCode: "10115", phone: "call me" })).toEqual({ phone: "address.errors.phoneInvalid" });
  });
});

describe("US", () => {
  const us = { ...base, country: "US", region: "CA" };
  it("accepts a 5-digit ZIP and ZIP+4", () => {
    expect(ok({ ...us, postalCode: "94103" }).postalCode).toBe("94103");
    expect(ok({ ...us, postalCode: "94103-1234" }).postalCode).toBe("94103-1234");
    expect(ok({ ...us, postalCode: "941031234" }).postalCode).toBe("94103-1234");
  });
  it("rejects a bad or missing ZIP", () => {
    expect(errors({ ...us, postalCode: "9410" })).toEqual({ postalCode: "address.errors.postalCodeFormat" });
    expect(errors({ ...us, postalCode: "94103-12" })).toEqual({ postalCode: "address.errors.postalCodeFormat" });
    expect(errors({ ...us, postalCode: "SW1A 1AA" })).toEqual({ postalCode: "address.errors.postalCodeFormat" });
    expect(errors({ ...us })).toEqual({ postalCode: "address.errors.postalCodeRequired" });
  });
  it("requires a state from the list and stores its code", () => {
    expect(errors({ ...us, region: "", postalCode: "94103" })).toEqual({ region: "address.errors.regionRequired" });
    expect(errors({ ...us, region: undefined, postalCode: "94103" })).toEqual({ region: "address.errors.regionRequired" });
    expect(errors({ ...us, region: "Ontario", postalCode: "94103" })).toEqual({ region: "address.errors.regionInvalid" });
    expect(ok({ ...us, region: "california", postalCode: "94103" }).region).toBe("CA");
    expect(ok({ ...us, region: "US-TX", postalCode: "73301" }).region).toBe("TX");
    expect(ok({ ...us, region: "Washington, D.C.", postalCode: "20001" }).region).toBe("DC");
    expect(regionsFor("US")).toHaveLength(51);
  });
});

describe("CA", () => {
  const ca = { ...base, country: "CA", region: "ON" };
  it("normalizes postal codes to upper case with a space", () => {
    expect(ok({ ...ca, postalCode: "k1a0b1" }).postalCode).toBe("K1A 0B1");
    expect(ok({ ...ca, postalCode: " m5v  3l9 " }).postalCode).toBe("M5V 3L9");
    expect(ok({ ...ca, postalCode: "M5V-3L9" }).postalCode).toBe("M5V 3L9");
  });
  it("rejects impossible letters and other shapes", () => {
    expect(errors({ ...ca, postalCode: "D1A 0B1" })).toEqual({ postalCode: "address.errors.postalCodeFormat" }); // D never starts one
    expect(errors({ ...ca, postalCode: "12345" })).toEqual({ postalCode: "address.errors.postalCodeFormat" });
  });
  it("requires a province; accepts French names", () => {
    expect(errors({ ...ca, region: null, postalCode: "K1A 0B1" })).toEqual({ region: "address.errors.regionRequired" });
    expect(ok({ ...ca, region: "Québec", postalCode: "H2X 1Y4" }).region).toBe("QC");
    expect(ok({ ...ca, region: "Colombie-Britannique", postalCode: "V6B 1A1" }).region).toBe("BC");
    expect(regionsFor("CA")).toHaveLength(13);
  });
});

describe("GB", () => {
  const gb = { ...base, country: "GB" };
  it("accepts and normalizes postcodes", () => {
    expect(ok({ ...gb, postalCode: "sw1a1aa" }).postalCode).toBe("SW1A 1AA");
    expect(ok({ ...gb, postalCode: "M1 1AE" }).postalCode).toBe("M1 1AE");
    expect(ok({ ...gb, postalCode: "b338th" }).postalCode).toBe("B33 8TH");
    expect(ok({ ...gb, postalCode: "EC1A 1BB" }).postalCode).toBe("EC1A 1BB");
    expect(ok({ ...gb, postalCode: "GIR 0AA" }).postalCode).toBe("GIR 0AA");
  });
  it("rejects malformed postcodes; no region needed", () => {
    expect(errors({ ...gb, postalCode: "SW1A" })).toEqual({ postalCode: "address.errors.postalCodeFormat" });
    expect(errors({ ...gb, postalCode: "12345" })).toEqual({ postalCode: "address.errors.postalCodeFormat" });
    expect(errors({ ...gb, postalCode: "SW1A 1AI" })).toEqual({ postalCode: "address.errors.postalCodeFormat" }); // I never in the inward code
    expect(ok({ ...gb, postalCode: "SW1A 1AA" }).region).toBeUndefined();
  });
});

describe("JP", () => {
  const jp = { name: "山田太郎", line1: "千代田1-1", city: "千代田区", country: "JP" };
  it("accepts prefectures by English name, JIS code or Japanese name, stored as the JIS code", () => {
    expect(ok({ ...jp, region: "Tokyo", postalCode: "100-0001" }).region).toBe("13");
    expect(ok({ ...jp, region: "13", postalCode: "100-0001" }).region).toBe("13");
    expect(ok({ ...jp, region: "東京都", postalCode: "100-0001" }).region).toBe("13");
    expect(ok({ ...jp, region: "Tokyo-to", postalCode: "100-0001" }).region).toBe("13");
    expect(ok({ ...jp, region: "Hokkaidō", postalCode: "060-0001" }).region).toBe("01");
    expect(ok({ ...jp, region: "1", postalCode: "060-0001" }).region).toBe("01");
    expect(ok({ ...jp, region: "osaka-fu", postalCode: "530-0001" }).region).toBe("27");
    expect(ok({ ...jp, region: "Okinawa", postalCode: "900-0001" }).region).toBe("47");
    expect(errors({ ...jp, region: "48", postalCode: "100-0001" })).toEqual({ region: "address.errors.regionInvalid" });
    expect(errors({ ...jp, postalCode: "100-0001" })).toEqual({ region: "address.errors.regionRequired" });
    expect(regionsFor("JP")).toHaveLength(47);
    expect(normalizeRegion("JP", "Kyoto")).toBe("26");
  });
  it("normalizes postal codes to 123-4567", () => {
    expect(ok({ ...jp, region: "13", postalCode: "1000001" }).postalCode).toBe("100-0001");
    expect(ok({ ...jp, region: "13", postalCode: "〒１００－０００１" }).postalCode).toBe("100-0001"); // full-width input
    expect(errors({ ...jp, region: "13", postalCode: "100-001" })).toEqual({ postalCode: "address.errors.postalCodeFormat" });
  });
  it("orders the form postal code → prefecture → city → lines", () => {
    const fields = addressFieldsFor("JP");
    expect(fields.map((f) => f.name)).toEqual(["country", "name", "postalCode", "region", "city", "line1", "line2", "phone"]);
    const region = fields.find((f) => f.name === "region")!;
    expect(region).toMatchObject({ label: "address.prefecture", required: true });
    expect(region.options?.[12]).toEqual({ code: "13", label: "Tokyo" });
    // Prefectures in Japanese for a Japanese form: JIS X 0401 names.
    expect(addressFieldsFor("JP", "ja").find((f) => f.name === "region")!.options?.[12]).toEqual({ code: "13", label: "東京都" });
    expect(fields.find((f) => f.name === "postalCode")).toMatchObject({ example: "100-0001", inputMode: "numeric", required: true });
  });
});

describe("Europe", () => {
  it("DE: five digits", () => {
    const de = { ...base, city: "Berlin", country: "DE" };
    expect(ok({ ...de, postalCode: "10115" }).postalCode).toBe("10115");
    expect(ok({ ...de, postalCode: "DE-10115" }).postalCode).toBe("10115");
    expect(errors({ ...de, postalCode: "1011" })).toEqual({ postalCode: "address.errors.postalCodeFormat" });
    expect(errors({ ...de, postalCode: "101155" })).toEqual({ postalCode: "address.errors.postalCodeFormat" });
    expect(errors({ ...de })).toEqual({ postalCode: "address.errors.postalCodeRequired" });
  });
  it("NL: 1234 AB", () => {
    const nl = { ...base, city: "Amsterdam", country: "NL" };
    expect(ok({ ...nl, postalCode: "1012ab" }).postalCode).toBe("1012 AB");
    expect(ok({ ...nl, postalCode: "1012 AB" }).postalCode).toBe("1012 AB");
    expect(errors({ ...nl, postalCode: "0123 AB" })).toEqual({ postalCode: "address.errors.postalCodeFormat" });
    expect(errors({ ...nl, postalCode: "1012" })).toEqual({ postalCode: "address.errors.postalCodeFormat" });
  });
  it("other national formats", () => {
    expect(normalizePostalCode("AT", "1010")).toBe("1010");
    expect(normalizePostalCode("AT", "10100")).toBeNull();
    expect(normalizePostalCode("BE", "1000")).toBe("1000");
    expect(normalizePostalCode("DK", "2100")).toBe("2100");
    expect(normalizePostalCode("FR", "75001")).toBe("75001");
    expect(normalizePostalCode("ES", "28013")).toBe("28013");
    expect(normalizePostalCode("IT", "00184")).toBe("00184");
    expect(normalizePostalCode("PT", "1100148")).toBe("1100-148");
    expect(normalizePostalCode("PL", "00-950")).toBe("00-950");
    expect(normalizePostalCode("PL", "00950")).toBe("00-950");
    expect(normalizePostalCode("SE", "11455")).toBe("114 55");
    expect(normalizePostalCode("CZ", "110 00")).toBe("110 00");
    expect(normalizePostalCode("LT", "LT-01100")).toBe("LT-01100");
    expect(normalizePostalCode("LV", "1050")).toBe("LV-1050");
    expect(normalizePostalCode("MT", "vlt1117")).toBe("VLT 1117");
    expect(normalizePostalCode("BR", "01310100")).toBe("01310-100");
    expect(normalizePostalCode("AU", "2000")).toBe("2000");
    expect(normalizePostalCode("SG", "018956")).toBe("018956");
    expect(normalizePostalCode("SG", "18956")).toBeNull();
  });
  it("IE: Eircode optional, normalized when given", () => {
    const ie = { ...base, city: "Dublin", country: "IE" };
    expect(ok(ie).postalCode).toBeUndefined();
    expect(ok({ ...ie, postalCode: "d02x285" }).postalCode).toBe("D02 X285");
    expect(errors({ ...ie, postalCode: "12345" })).toEqual({ postalCode: "address.errors.postalCodeFormat" });
    expect(addressFieldsFor("IE").find((f) => f.name === "postalCode")).toMatchObject({ label: "address.eircode", required: false });
  });
  it("EU forms put the postal code before the city", () => {
    expect(addressFieldsFor("DE").map((f) => f.name)).toEqual(["country", "name", "line1", "line2", "postalCode", "city", "phone"]);
  });
});

describe("no or optional postal codes", () => {
  it("AE: no postal code needed; a stale one is dropped; the form hides it", () => {
    const ae = { ...base, city: "Dubai", country: "AE" };
    expect(ok(ae)).toEqual({ ...ae });
    expect(ok({ ...ae, postalCode: "00000" }).postalCode).toBeUndefined();
    expect(addressFieldsFor("AE").some((f) => f.name === "postalCode")).toBe(false);
  });
  it("KW: optional five digits", () => {
    const kw = { ...base, city: "Kuwait City", country: "KW" };
    expect(ok(kw).postalCode).toBeUndefined();
    expect(ok({ ...kw, postalCode: "13001" }).postalCode).toBe("13001");
    expect(errors({ ...kw, postalCode: "ABC" })).toEqual({ postalCode: "address.errors.postalCodeFormat" });
  });
  it("SG: six digits; the city is implied", () => {
    const sg = { name: "Tan Ah Kow", line1: "1 Raffles Place", country: "SG", postalCode: "048616" };
    expect(ok(sg)).toEqual({ ...sg, city: "Singapore" });
    expect(addressFieldsFor("SG").some((f) => f.name === "city")).toBe(false);
  });
  it("another country: postal code optional, loosely checked", () => {
    expect(ok({ ...base, country: "NO" , postalCode: "0150" }).postalCode).toBe("0150");
    expect(ok({ ...base, country: "IS" }).postalCode).toBeUndefined();
    expect(ok({ ...base, country: "IS", postalCode: "101" }).postalCode).toBe("101");
    expect(errors({ ...base, country: "IS", postalCode: "#!" })).toEqual({ postalCode: "address.errors.postalCodeInvalid" });
  });
});

describe("regions elsewhere", () => {
  it("AU, BR and MX require a state from their lists", () => {
    expect(ok({ ...base, country: "AU", region: "New South Wales", postalCode: "2000" }).region).toBe("NSW");
    expect(errors({ ...base, country: "AU", postalCode: "2000" })).toEqual({ region: "address.errors.regionRequired" });
    expect(ok({ ...base, country: "BR", region: "São Paulo", postalCode: "01310-100" }).region).toBe("SP");
    expect(ok({ ...base, country: "BR", region: "sao paulo", postalCode: "01310100" })).toMatchObject({ region: "SP", postalCode: "01310-100" });
    expect(errors({ ...base, country: "BR", region: "XX", postalCode: "01310-100" })).toEqual({ region: "address.errors.regionInvalid" });
    expect(ok({ ...base, country: "MX", region: "CDMX", postalCode: "06600" }).region).toBe("CMX");
    expect(ok({ ...base, country: "MX", region: "Nuevo León", postalCode: "64000" }).region).toBe("NLE");
    expect(regionsFor("AU")).toHaveLength(8);
    expect(regionsFor("BR")).toHaveLength(27);
    expect(regionsFor("MX")).toHaveLength(32);
    expect(regionsFor("DE")).toBeNull();
  });
  it("US labels: ZIP code and state select", () => {
    const f = addressFieldsFor("us");
    expect(f.map((x) => x.name)).toEqual(["country", "name", "line1", "line2", "city", "region", "postalCode", "phone"]);
    expect(f.find((x) => x.name === "postalCode")!.label).toBe("address.zipCode");
    expect(f.find((x) => x.name === "region")).toMatchObject({ label: "address.state", required: true });
  });
});

describe("schema", () => {
  it("is a zod schema per country whose issues carry message keys", () => {
    const r = addressSchema("CA").safeParse({ ...base, country: "CA", region: "ON", postalCode: "nope" });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => [i.path.join("."), i.message])).toEqual([["postalCode", "address.errors.postalCodeFormat"]]);
    // the form posts one country but the schema is for another
    const mismatch = addressSchema("US").safeParse({ ...base, country: "CA", region: "CA", postalCode: "94103" });
    expect(mismatch.error!.issues.map((i) => i.message)).toEqual(["address.errors.countryInvalid"]);
    expect(addressSchema("us")).toBe(addressSchema("US")); // cached
  });
  it("every message key it can produce is in ADDRESS_ERRORS", () => {
    const keys = new Set(Object.values(ADDRESS_ERRORS));
    for (const k of keys) expect(k.startsWith("address.errors.")).toBe(true);
    expect(keys.size).toBe(12);
  });
});
