/**
 * CRM people the journeys need that no page can make quickly: a subscribed de-de contact who holds
 * the Gold tier (reaching it through the shop takes 1,000 USD of orders). Run by create-staff.ts on the
 * fresh database before the server starts; the demo store is seeded here first (the server then finds
 * it and leaves it as it is).
 */
import type { Database } from "../db/index";
import { loyaltyMembersTable } from "../db/schema/loyalty";
import { isEmpty, seedDemo } from "../db/seed";
import { subscribe } from "../app/modules/contacts/consent.server";
import { ensureContact, findContactByEmail } from "../app/modules/contacts/contacts.server";
import { listTiers } from "../app/modules/loyalty/tiers.server";
import { GOLD_DE_CONTACT } from "./crm-people";


export async function seedCrmFixtures(database: Database): Promise<void> {
  if (await isEmpty(database)) await seedDemo(database);
  const d = database.db;
  await ensureContact(d, { ...GOLD_DE_CONTACT, locale: "de", market: "de-de", country: "DE", source: "footer" });
  await subscribe({ email: GOLD_DE_CONTACT.email, market: "de-de", source: "footer", verifiedAddress: true });
  const contact = (await findContactByEmail(GOLD_DE_CONTACT.email, d))!;
  const gold = (await listTiers(d)).find((t) => t.names.en === "Gold")!;
  const held = { tierId: gold.id, qualifiedAt: new Date(), retainedUntil: new Date(Date.now() + 365 * 86_400_000) };
  await d.insert(loyaltyMembersTable).values({ contactId: contact.id, ...held }).onConflictDoUpdate({ target: loyaltyMembersTable.contactId, set: held });
}
