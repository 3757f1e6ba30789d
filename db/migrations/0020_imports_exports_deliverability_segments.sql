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
CREATE TABLE "segments" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"match" text NOT NULL,
	"rules" jsonb NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "import_mappings" (
	"name" text PRIMARY KEY NOT NULL,
	"columns" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "import_run_contacts" (
	"run_id" text NOT NULL,
	"contact_id" text NOT NULL,
	"changed" boolean NOT NULL,
	"repermission" boolean NOT NULL,
	CONSTRAINT "import_run_contacts_run_id_contact_id_pk" PRIMARY KEY("run_id","contact_id")
);
--> statement-breakpoint
CREATE TABLE "import_run_issues" (
	"run_id" text NOT NULL,
	"seq" integer NOT NULL,
	"kind" text NOT NULL,
	"row" integer NOT NULL,
	"field" text NOT NULL,
	"reason" text,
	"email" text,
	"kept" text,
	"incoming" text,
	CONSTRAINT "import_run_issues_run_id_seq_pk" PRIMARY KEY("run_id","seq")
);
--> statement-breakpoint
CREATE TABLE "import_runs" (
	"id" text PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"file_name" text NOT NULL,
	"file_sha256" text NOT NULL,
	"mapping" text,
	"currency" text NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"progress_rows" integer DEFAULT 1 NOT NULL,
	"summary" jsonb NOT NULL,
	"error" text,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "imported_contact_stats" (
	"contact_id" text NOT NULL,
	"platform" text NOT NULL,
	"external_id" text,
	"total_spent" bigint,
	"currency" text NOT NULL,
	"total_orders" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "imported_contact_stats_contact_id_platform_pk" PRIMARY KEY("contact_id","platform")
);
--> statement-breakpoint
ALTER TABLE "orders" ALTER COLUMN "fx_rate" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ALTER COLUMN "base_total" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "store_settings" ADD COLUMN "postal_address" text;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "released_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "imported_from" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "external_id" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "cancelled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "email_suppressions" ADD COLUMN "scope" text DEFAULT 'all' NOT NULL;--> statement-breakpoint
ALTER TABLE "outbox_emails" ADD COLUMN "kind" text DEFAULT 'transactional' NOT NULL;--> statement-breakpoint
ALTER TABLE "outbox_emails" ADD COLUMN "headers" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "consent_events" ADD COLUMN "evidence" jsonb;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "phone" text;--> statement-breakpoint
ALTER TABLE "import_run_contacts" ADD CONSTRAINT "import_run_contacts_run_id_import_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."import_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_run_contacts" ADD CONSTRAINT "import_run_contacts_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_run_issues" ADD CONSTRAINT "import_run_issues_run_id_import_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."import_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imported_contact_stats" ADD CONSTRAINT "imported_contact_stats_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "email_events_outbox_email_id_index" ON "email_events" USING btree ("outbox_email_id");--> statement-breakpoint
CREATE INDEX "email_events_email_hash_type_index" ON "email_events" USING btree ("email_hash","type");--> statement-breakpoint
CREATE INDEX "segments_created_at_index" ON "segments" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "import_runs_file_sha256_source_status_index" ON "import_runs" USING btree ("file_sha256","source","status");--> statement-breakpoint
CREATE UNIQUE INDEX "orders_import_key_idx" ON "orders" USING btree ("imported_from","external_id");--> statement-breakpoint
CREATE INDEX "outbox_emails_provider_id_index" ON "outbox_emails" USING btree ("provider_id");