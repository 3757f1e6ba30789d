CREATE TABLE "campaign_sends" (
	"campaign_id" text NOT NULL,
	"contact_id" text NOT NULL,
	"email" text NOT NULL,
	"language" text NOT NULL,
	"market" text NOT NULL,
	"batch" integer NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"reason" text,
	"outbox_email_id" text,
	"provider_id" text,
	"sent_at" timestamp with time zone,
	CONSTRAINT "campaign_sends_campaign_id_contact_id_pk" PRIMARY KEY("campaign_id","contact_id")
);
--> statement-breakpoint
CREATE TABLE "campaigns" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"segment_id" text NOT NULL,
	"content" jsonb NOT NULL,
	"default_language" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"scheduled_at" timestamp with time zone,
	"throttle_per_hour" integer,
	"frequency_cap_hours" integer,
	"created_by" text,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "history_only" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX "campaign_sends_campaign_id_batch_status_index" ON "campaign_sends" USING btree ("campaign_id","batch","status");--> statement-breakpoint
CREATE INDEX "campaigns_created_at_index" ON "campaigns" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "campaigns_status_index" ON "campaigns" USING btree ("status");