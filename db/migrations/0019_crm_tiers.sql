CREATE TABLE "loyalty_members" (
	"contact_id" text PRIMARY KEY NOT NULL,
	"tier_id" text,
	"qualified_at" timestamp with time zone NOT NULL,
	"retained_until" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tier_changes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"contact_id" text NOT NULL,
	"from_tier_id" text,
	"to_tier_id" text,
	"reason" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tiers" (
	"id" text PRIMARY KEY NOT NULL,
	"names" jsonb NOT NULL,
	"position" integer NOT NULL,
	"spend_threshold" bigint,
	"points_threshold" integer,
	"multiplier" numeric(6, 2) DEFAULT '1' NOT NULL,
	"discount_bps" integer DEFAULT 0 NOT NULL,
	"free_shipping_over" bigint,
	"early_access" boolean DEFAULT false NOT NULL,
	"retention_months" integer DEFAULT 12 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tiers_position_unique" UNIQUE("position")
);
--> statement-breakpoint
ALTER TABLE "loyalty_members" ADD CONSTRAINT "loyalty_members_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loyalty_members" ADD CONSTRAINT "loyalty_members_tier_id_tiers_id_fk" FOREIGN KEY ("tier_id") REFERENCES "public"."tiers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tier_changes" ADD CONSTRAINT "tier_changes_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "loyalty_members_tier_id_index" ON "loyalty_members" USING btree ("tier_id");--> statement-breakpoint
CREATE INDEX "loyalty_members_retained_until_index" ON "loyalty_members" USING btree ("retained_until");--> statement-breakpoint
CREATE INDEX "tier_changes_contact_id_at_index" ON "tier_changes" USING btree ("contact_id","at");