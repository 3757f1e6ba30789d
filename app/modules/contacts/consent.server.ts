import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import { getDb, type Db } from "~db/index";
import { consentConfirmationsTable, consentEventsTable, consentTextsTable, contactsTable, type ConsentEvidence, type ConsentStatus, type ContactUtm } from "~db/schema/contacts";
import { now } from "~/lib/clock.server";
import { normalizeEmail } from "~/lib/email";
import { UserError } from "~/lib/errors";
import { emailLinkOrigin } from "~/lib/http.server";
import { createTranslator } from "~/lib/i18n.server";
import { hashToken, newToken } from "~/lib/tokens.server";
import { processWide } from "~/lib/process-wide";
import { issueSingleUseCode } from "../discounts/discounts.server";
import { queueEmail } from "../mail/send-email.server";
import { liftUnsubscribeSuppression } from "../mail/suppressions.server";
import { getStoreConfig, marketDoubleOptIn } from "../markets/markets.server";
import { intlLocale, type Market } from "../markets/markets";
import { ensureContact, lockContact, type ContactRow } from "./contacts.server";
import { CONSENT_SOURCE_RE, CONSENT_TEXT_VERSION, consentTextId, WELCOME_PERCENT_BP } from "./consent";

type ConsentEventRow = typeof consentEventsTable.$inferSelect;

/** Who gave or withdrew consent: the connection's IP (or the trusted proxy's client) and the browser. */
export interface ConsentContext {
  ip?: string | null;
  userAgent?: string | null;
}

const CONFIRM_LINK_HOURS = 72;
/** At most one confirmation email per address in this window; later sign-ups reuse the link already sent. */
const CONFIRM_RESEND_MS = 3_600_000;

// ------------------------------------------------------------------------------ wording

/**
 * The wording of the current version in a language, written from the UI catalog the first time it is
 * needed (the seed); a later version is a new row, never an edit, so old consents keep their wording.
 */
export async function ensureConsentText(db: Db, language: string): Promise<string> {
  const id = consentTextId(language);
  const text = createTranslator(language)("newsletter.consentText");
  await db.insert(consentTextsTable).values({ id, channel: "email", language, version: CONSENT_TEXT_VERSION, text }).onConflictDoNothing();
  return id;
}

/** A consent text id sent by a client must name stored (or current) wording; anything else is 400. */
async function resolveConsentText(db: Db, language: string, requested: string | null | undefined): Promise<string> {
  const current = await ensureConsentText(db, language);
  if (!requested || requested === current) return current;
  const [row] = await db.select({ id: consentTextsTable.id }).from(consentTextsTable).where(eq(consentTextsTable.id, requested));
  if (!row) throw new UserError("unknown_consent_text", "This consent text does not exist. Send the id of the wording you showed, or leave it out.", 400, "consentTextId");
  return row.id;
}

// ------------------------------------------------------------------------------ events

async function latestEvent(db: Db, contactId: string): Promise<ConsentEventRow | null> {
  const [row] = await db
    .select()
    .from(consentEventsTable)
    .where(and(eq(consentEventsTable.contactId, contactId), eq(consentEventsTable.channel, "email")))
    .orderBy(desc(consentEventsTable.id))
    .limit(1);
  return row ?? null;
}

async function recordConsent(
  tx: Db,
  input: { contactId: string; status: ConsentStatus; source: string; consentTextId?: string | null; locale?: string | null; evidence?: ConsentEvidence } & ConsentContext,
): Promise<ConsentEventRow> {
  const [row] = await tx
    .insert(consentEventsTable)
    .values({
      contactId: input.contactId,
      channel: "email",
      status: input.status,
      source: input.source,
      consentTextId: input.consentTextId ?? null,
      locale: input.locale ?? null,
      ip: input.ip ?? null,
      userAgent: input.userAgent?.slice(0, 512) ?? null,
      evidence: input.evidence ?? null,
      createdAt: now(),
    })
    .returning();
  return row!;
}

export interface ConsentState {
  status: ConsentStatus;
  /** Where the current status came from; null when the contact never gave or withdrew consent. */
  source: string | null;
  since: Date | null;
}

/** The current email consent: the latest event; a contact without any is not subscribed. */
export async function consentState(contactId: string, db?: Db): Promise<ConsentState> {
  const row = await latestEvent(db ?? (await getDb()), contactId);
  return row ? { status: row.status, source: row.source, since: row.createdAt } : { status: "unsubscribed", source: null, since: null };
}

/** Every consent change of the contact, newest first, with the wording shown. */
export async function consentHistory(contactId: string, db?: Db) {
  return (db ?? (await getDb()))
    .select({
      id: consentEventsTable.id,
      channel: consentEventsTable.channel,
      status: consentEventsTable.status,
      source: consentEventsTable.source,
      locale: consentEventsTable.locale,
      ip: consentEventsTable.ip,
      userAgent: consentEventsTable.userAgent,
      evidence: consentEventsTable.evidence,
      createdAt: consentEventsTable.createdAt,
      consentText: { id: consentTextsTable.id, language: consentTextsTable.language, version: consentTextsTable.version, text: consentTextsTable.text },
    })
    .from(consentEventsTable)
    .leftJoin(consentTextsTable, eq(consentTextsTable.id, consentEventsTable.consentTextId))
    .where(eq(consentEventsTable.contactId, contactId))
    .orderBy(desc(consentEventsTable.id));
}

// ------------------------------------------------------------------------------ listeners

export interface ConsentListener {
  /** A contact's first confirmed subscription, inside the transaction that records it. */
  subscribed?(tx: Db, contact: ContactRow): Promise<void>;
}

const listeners = processWide("contacts.consent-listeners", () => new Map<string, ConsentListener>());

/** Other modules (loyalty's sign-up bonus) react to a first subscription; registering a name again replaces it. */
export function registerConsentListener(name: string, listener: ConsentListener): void {
  listeners.set(name, listener);
}

// ------------------------------------------------------------------------------ subscribe

export interface SubscribeInput extends ConsentContext {
  email: string;
  market: string;
  source: string;
  consentTextId?: string | null;
  customerId?: string | null;
  utm?: ContactUtm | null;
  landingPage?: string | null;
  /** The address is already proven (a verified account's own address): no confirmation email is needed. */
  verifiedAddress?: boolean;
}

export type SubscribeOutcome = "subscribed" | "pending" | "unchanged";

/** Inside a transaction pass it: a cold store-config cache is loaded through it (the embedded database serves one transaction at a time). */
async function requireEnabledMarket(handle: string, db?: Db): Promise<Market> {
  const market = (await getStoreConfig(db)).byHandle.get(handle);
  if (!market) throw new UserError("unknown_market", "This market does not exist. Use a handle from GET /api/v1/markets, e.g. en-us.", 400, "market");
  return market;
}

/**
 * A sign-up: the contact is created (first touch kept), then subscribed at once, or — where the market
 * asks for double opt-in — recorded as pending with a confirmation email (one per address per hour).
 * Callers answer the same whatever the outcome, so the answer never tells whether an address is known.
 */
export async function subscribe(input: SubscribeInput): Promise<SubscribeOutcome> {
  return (await getDb()).transaction((tx) => subscribeWithin(tx, input));
}

/** `subscribe` inside the caller's transaction (a paid order's checkout consent). */
export async function subscribeWithin(tx: Db, input: SubscribeInput): Promise<SubscribeOutcome> {
  const market = await requireEnabledMarket(input.market, tx);
  const doubleOptIn = !input.verifiedAddress && (await marketDoubleOptIn(market.handle, tx));
  const textId = await resolveConsentText(tx, market.language, input.consentTextId);
  const created = await ensureContact(tx, {
    email: input.email,
    customerId: input.customerId,
    locale: market.language,
    market: market.handle,
    country: market.country,
    source: input.source,
    utm: input.utm,
    landingPage: input.landingPage,
  });
  const contact = (await lockContact(tx, created.id))!;
  // The person's own sign-up: a contact known only from marketplace history becomes a direct one.
  if (contact.historyOnly) await tx.update(contactsTable).set({ historyOnly: false, updatedAt: sql`now()` }).where(eq(contactsTable.id, contact.id));
  const latest = await latestEvent(tx, contact.id);
  if (latest?.status === "subscribed") return "unchanged";
  const event = { contactId: contact.id, source: input.source, consentTextId: textId, locale: market.language, ip: input.ip, userAgent: input.userAgent };
  if (!doubleOptIn) {
    await recordConsent(tx, { ...event, status: "subscribed" });
    await afterSubscribed(tx, contact, market);
    return "subscribed";
  }
  const pending = latest?.status === "pending" ? latest : await recordConsent(tx, { ...event, status: "pending" });
  await sendConfirmation(tx, contact, market, pending.id);
  return "pending";
}

async function sendConfirmation(tx: Db, contact: ContactRow, market: Market, eventId: number): Promise<void> {
  const at = now();
  const [recent] = await tx
    .select({ createdAt: consentConfirmationsTable.createdAt })
    .from(consentConfirmationsTable)
    .where(and(eq(consentConfirmationsTable.contactId, contact.id), gt(consentConfirmationsTable.createdAt, new Date(at.getTime() - CONFIRM_RESEND_MS))))
    .limit(1);
  if (recent) return;
  const token = newToken();
  await tx.insert(consentConfirmationsTable).values({
    tokenHash: hashToken(token),
    contactId: contact.id,
    eventId,
    market: market.handle,
    createdAt: at,
    expiresAt: new Date(at.getTime() + CONFIRM_LINK_HOURS * 3_600_000),
  });
  await queueEmail(
    {
      template: "newsletter-confirm",
      to: contact.email,
      locale: market.language,
      intlLocale: intlLocale(market),
      idempotencyKey: `newsletter-confirm:${hashToken(token)}`,
      data: { url: `${emailLinkOrigin()}/${market.handle}/newsletter/confirm?token=${encodeURIComponent(token)}`, expiresInHours: CONFIRM_LINK_HOURS },
    },
    { tx },
  );
}

/**
 * Confirms a double opt-in link (the POST behind the emailed link's button): single use, expires.
 * The subscribed row keeps the wording and source of the sign-up it confirms.
 */
export async function confirmSubscription(token: string, ctx: ConsentContext): Promise<{ market: string }> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [link] = await tx.select().from(consentConfirmationsTable).where(eq(consentConfirmationsTable.tokenHash, hashToken(token))).for("update");
    if (!link || link.usedAt || link.expiresAt.getTime() <= now().getTime()) {
      throw new UserError("invalid_token", "This confirmation link has expired or was already used. Sign up again to get a new one.", 410, "token");
    }
    await tx.update(consentConfirmationsTable).set({ usedAt: now() }).where(eq(consentConfirmationsTable.tokenHash, link.tokenHash));
    const contact = (await lockContact(tx, link.contactId))!;
    const latest = await latestEvent(tx, contact.id);
    // Only the sign-up still waiting is confirmed: an unsubscribe after the email was sent wins.
    if (latest?.status !== "pending" || latest.id !== link.eventId) return { market: link.market };
    await recordConsent(tx, { contactId: contact.id, status: "subscribed", source: latest.source, consentTextId: latest.consentTextId, locale: latest.locale, ...ctx });
    const market = await requireEnabledMarket(link.market, tx);
    await afterSubscribed(tx, contact, market);
    return { market: link.market };
  });
}

/**
 * Every subscription lifts the marketing suppression an earlier unsubscribe added; the first one ever
 * (not a re-subscribe) earns the welcome code and notifies the listeners.
 */
async function afterSubscribed(tx: Db, contact: ContactRow, market: Market): Promise<void> {
  await liftUnsubscribeSuppression(contact.email, { tx });
  const [earlier] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(consentEventsTable)
    .where(and(eq(consentEventsTable.contactId, contact.id), eq(consentEventsTable.status, "subscribed")));
  if ((earlier?.n ?? 0) > 1 || contact.welcomeDiscountId) return;
  const code = await issueSingleUseCode(tx, { prefix: "WELCOME", percentBp: WELCOME_PERCENT_BP });
  await tx.update(contactsTable).set({ welcomeDiscountId: code.id, updatedAt: now() }).where(eq(contactsTable.id, contact.id));
  await queueEmail(
    {
      template: "newsletter-welcome",
      to: contact.email,
      locale: market.language,
      intlLocale: intlLocale(market),
      idempotencyKey: `newsletter-welcome:${contact.id}`,
      // The welcome offer is marketing: sent only while still subscribed, with the unsubscribe headers and footer.
      marketing: { contactId: contact.id, market: market.handle },
      data: { code: code.code, percentBp: WELCOME_PERCENT_BP, shopUrl: `${emailLinkOrigin()}/${market.handle}` },
    },
    { tx },
  );
  for (const listener of listeners.values()) await listener.subscribed?.(tx, contact);
}

// ------------------------------------------------------------------------------ imports

interface ImportedConsent {
  contactId: string;
  /** What the other platform's file says: an opt-in, or an explicit opt-out (Klaviyo's UNSUBSCRIBED). */
  status: "subscribed" | "unsubscribed";
  /** import:<platform>, e.g. import:shopify. */
  source: string;
  evidence: ConsentEvidence;
}

interface ImportedConsentResult {
  /** recorded: the first consent the contact has; unchanged: the same status already holds; conflict: another status holds and is kept. */
  outcome: "recorded" | "unchanged" | "conflict";
  current: { status: ConsentStatus; source: string; evidence: ConsentEvidence | null };
}

/**
 * Consent carried over from another platform, inside the import's transaction. Only a contact with no
 * consent history takes it: an existing opt-in, opt-out or pending sign-up is never flipped by a file
 * (the caller reports the conflict), so a contact who unsubscribed here is never resubscribed. No
 * confirmation or welcome email, no welcome code and no listener (loyalty's sign-up bonus): the person
 * subscribed elsewhere, earlier.
 */
export async function recordImportedConsent(tx: Db, input: ImportedConsent): Promise<ImportedConsentResult> {
  if (!CONSENT_SOURCE_RE.test(input.source) || !input.source.startsWith("import:")) throw new Error(`not an import consent source: ${input.source}`);
  const contact = await lockContact(tx, input.contactId);
  if (!contact) throw new Error(`no contact ${input.contactId}`);
  const latest = await latestEvent(tx, contact.id);
  if (latest) {
    const current = { status: latest.status, source: latest.source, evidence: latest.evidence };
    return { outcome: latest.status === input.status ? "unchanged" : "conflict", current };
  }
  await recordConsent(tx, { contactId: contact.id, status: input.status, source: input.source, locale: contact.locale, evidence: input.evidence });
  return { outcome: "recorded", current: { status: input.status, source: input.source, evidence: input.evidence } };
}

// ------------------------------------------------------------------------------ withdraw

/**
 * Withdraws email consent (the account's one click, the unsubscribe link of a campaign email, staff).
 * A contact who is not subscribed stays as is; links still waiting for confirmation stop working.
 */
export async function unsubscribe(contactId: string, input: { source: string } & ConsentContext): Promise<void> {
  const db = await getDb();
  await db.transaction(async (tx) => {
    const contact = await lockContact(tx, contactId);
    if (!contact) throw new UserError("not_found", "This contact does not exist.", 404);
    await tx
      .update(consentConfirmationsTable)
      .set({ usedAt: now() })
      .where(and(eq(consentConfirmationsTable.contactId, contactId), isNull(consentConfirmationsTable.usedAt)));
    const latest = await latestEvent(tx, contactId);
    if (!latest || latest.status === "unsubscribed") return;
    await recordConsent(tx, { contactId, status: "unsubscribed", source: input.source, locale: contact.locale, ip: input.ip, userAgent: input.userAgent });
  });
}

// ------------------------------------------------------------------------------ erasure

/**
 * Erases a contact inside the erasure's transaction: the address becomes a placeholder, the profile
 * is emptied, and the consent rows lose IP and browser; their status, source, time and wording stay
 * as the minimal proof of what was agreed to.
 */
export async function eraseContact(tx: Db, email: string): Promise<void> {
  const [contact] = await tx.select().from(contactsTable).where(eq(contactsTable.email, normalizeEmail(email))).for("update");
  if (!contact) return;
  const placeholder = `erased-${contact.id}@erased.invalid`;
  const at = now();
  await tx
    .update(contactsTable)
    .set({ email: placeholder, canonicalEmail: placeholder, customerId: null, name: null, phone: null, notes: null, utm: null, landingPage: null, tags: [], birthday: null, updatedAt: at, erasedAt: at })
    .where(eq(contactsTable.id, contact.id));
  await tx.update(consentEventsTable).set({ ip: null, userAgent: null }).where(eq(consentEventsTable.contactId, contact.id));
  await tx.delete(consentConfirmationsTable).where(eq(consentConfirmationsTable.contactId, contact.id));
}
