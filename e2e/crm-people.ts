/** People the CRM fixtures create (e2e/crm-fixtures.ts); a module of its own so journeys can name them without loading the app. */
export const GOLD_DE_CONTACT = { email: "greta.gold@e2e.example", name: "Greta Gold" };
