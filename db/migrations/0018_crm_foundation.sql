CREATE TABLE "contacts" (
	"id" text PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"canonical_email" text NOT NULL,
	"customer_id" text,
	"name" text,
	"locale" text NOT NULL,
	"market" text,
	"country" text,
	"source" text NOT NULL,
	"utm" jsonb,
	"landing_page" text,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"notes" text,
	"birthday" date,
	"marketing_undeliverable" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"erased_at" timestamp with time zone,
	CONSTRAINT "contacts_email_unique" UNIQUE("email")
);
--> statement-breakpoint
CREATE TABLE "points_ledger" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"contact_id" text NOT NULL,
	"type" text NOT NULL,
	"points" integer NOT NULL,
	"status" text NOT NULL,
	"available_at" timestamp with time zone,
	"source" text NOT NULL,
	"order_id" text,
	"reverses" integer,
	"reason" text,
	"actor" text,
	"dedupe_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "points_ledger_dedupeKey_unique" UNIQUE("dedupe_key")
);
--> statement-breakpoint
ALTER TABLE "points_ledger" ADD CONSTRAINT "points_ledger_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "contacts_canonical_email_index" ON "contacts" USING btree ("canonical_email");--> statement-breakpoint
CREATE UNIQUE INDEX "contacts_customer_id_index" ON "contacts" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "contacts_created_at_index" ON "contacts" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "points_ledger_contact_id_created_at_index" ON "points_ledger" USING btree ("contact_id","created_at");--> statement-breakpoint
CREATE INDEX "points_ledger_status_available_at_index" ON "points_ledger" USING btree ("status","available_at");--> statement-breakpoint
CREATE INDEX "points_ledger_order_id_index" ON "points_ledger" USING btree ("order_id");