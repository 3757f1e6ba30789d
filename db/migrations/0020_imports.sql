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
ALTER TABLE "consent_events" ADD COLUMN "evidence" jsonb;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "phone" text;--> statement-breakpoint
ALTER TABLE "import_run_contacts" ADD CONSTRAINT "import_run_contacts_run_id_import_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."import_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_run_contacts" ADD CONSTRAINT "import_run_contacts_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_run_issues" ADD CONSTRAINT "import_run_issues_run_id_import_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."import_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imported_contact_stats" ADD CONSTRAINT "imported_contact_stats_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "import_runs_file_sha256_source_status_index" ON "import_runs" USING btree ("file_sha256","source","status");