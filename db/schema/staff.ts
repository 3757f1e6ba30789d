import { index, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { ROLES } from "../../app/modules/staff/permissions";

const ts = () => timestamp({ withTimezone: true });

/** People who run the store. `email` is stored normalized (trimmed, lower-case). */
export const staffTable = pgTable("staff", {
  id: text().primaryKey(),
  email: text().notNull().unique(),
  name: text().notNull().default(""),
  role: text({ enum: ROLES }).notNull(),
  /** argon2id (app/lib/password.server.ts); null until an invited person sets their password. */
  passwordHash: text(),
  disabledAt: ts(),
  createdAt: ts().notNull().defaultNow(),
});

/** Admin sign-ins. The cookie holds the opaque id; only its sha256 is stored. */
export const staffSessionsTable = pgTable(
  "staff_sessions",
  {
    idHash: text().primaryKey(),
    staffId: text()
      .notNull()
      .references(() => staffTable.id, { onDelete: "cascade" }),
    expiresAt: ts().notNull(),
    createdAt: ts().notNull().defaultNow(),
  },
  (t) => [index().on(t.staffId)],
);

/** Admin API bearer tokens: only the sha256 of the token is stored; it is shown once. */
export const apiTokensTable = pgTable(
  "api_tokens",
  {
    id: text().primaryKey(),
    name: text().notNull(),
    staffId: text()
      .notNull()
      .references(() => staffTable.id, { onDelete: "cascade" }),
    tokenHash: text().notNull().unique(),
    /** The token's first characters (`hbr_` + 4), so a list can tell tokens apart without the secret. */
    prefix: text(),
    /** After this the token is refused; null: until revoked. */
    expiresAt: ts(),
    lastUsedAt: ts(),
    revokedAt: ts(),
    createdAt: ts().notNull().defaultNow(),
  },
  (t) => [index().on(t.staffId)],
);

/**
 * Invitation links: the sha256 of the single-use token mailed to an invited person, who sets their
 * password with it. Sending a new invitation deletes the person's earlier ones.
 */
export const staffInvitationsTable = pgTable(
  "staff_invitations",
  {
    tokenHash: text().primaryKey(),
    staffId: text()
      .notNull()
      .references(() => staffTable.id, { onDelete: "cascade" }),
    /** The language the invitation was written in. */
    language: text().notNull(),
    createdAt: ts().notNull().defaultNow(),
    expiresAt: ts().notNull(),
    usedAt: ts(),
  },
  (t) => [index().on(t.staffId)],
);

/**
 * Every staff write: who (id and email at the time, so a deleted person's entries still read),
 * through which surface, `action:entity`, and the entity before and after.
 */
export const auditLogTable = pgTable(
  "audit_log",
  {
    id: text().primaryKey(),
    actorId: text(),
    actorEmail: text().notNull(),
    via: text({ enum: ["page", "api", "cli"] }).notNull(),
    action: text().notNull(),
    entityId: text(),
    before: jsonb(),
    after: jsonb(),
    at: ts().notNull().defaultNow(),
  },
  (t) => [index().on(t.at), index().on(t.action), index().on(t.actorEmail)],
);
