/** The 27 EU member states (ISO 3166-1 alpha-2; Greece is "GR"). Rules that apply in the EU, such as VAT
 *  and the price-reduction rule of Directive 98/6/EC, ask this list. */
export const EU_MEMBER_STATES: readonly string[] = [
  "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
];

const MEMBERS = new Set(EU_MEMBER_STATES);

export function isEuMemberState(country: string): boolean {
  return MEMBERS.has(country);
}
