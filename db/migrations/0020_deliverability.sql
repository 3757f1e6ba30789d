CREATE TABLE "email_events" (
	"id" text PRIMARY KEY NOT NULL,
	"svix_id" text,
	"outbox_email_id" text,
	"email_hash" text,
	"type" text NOT NULL,
	"source" text NOT NULL,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "email_events_svixId_unique" UNIQUE("svix_id")
);
--> statement-breakpoint
ALTER TABLE "store_settings" ADD COLUMN "postal_address" text;--> statement-breakpoint
ALTER TABLE "email_suppressions" ADD COLUMN "scope" text DEFAULT 'all' NOT NULL;--> statement-breakpoint
ALTER TABLE "outbox_emails" ADD COLUMN "kind" text DEFAULT 'transactional' NOT NULL;--> statement-breakpoint
ALTER TABLE "outbox_emails" ADD COLUMN "headers" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
CREATE INDEX "email_events_outbox_email_id_index" ON "email_events" USING btree ("outbox_email_id");--> statement-breakpoint
CREATE INDEX "email_events_email_hash_type_index" ON "email_events" USING btree ("email_hash","type");--> statement-breakpoint
CREATE INDEX "outbox_emails_provider_id_index" ON "outbox_emails" USING btree ("provider_id");