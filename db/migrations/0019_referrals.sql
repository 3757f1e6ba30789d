CREATE TABLE "referral_campaigns" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone,
	"friend_offer_kind" text NOT NULL,
	"friend_percent_bp" integer,
	"friend_amounts" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"friend_code_mode" text NOT NULL,
	"shared_code" text,
	"reward_kind" text NOT NULL,
	"reward_points" integer,
	"reward_amounts" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"per_referrer_cap" integer,
	"min_order_base" bigint DEFAULT 0 NOT NULL,
	"return_window_days" integer DEFAULT 14 NOT NULL,
	"ip_daily_limit" integer DEFAULT 3 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "referral_carts" (
	"cart_id" text PRIMARY KEY NOT NULL,
	"click_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "referral_clicks" (
	"id" text PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"referrer_contact_id" text NOT NULL,
	"campaign_id" text NOT NULL,
	"device_id" text NOT NULL,
	"ip" text NOT NULL,
	"friend_code" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "referral_codes" (
	"code" text PRIMARY KEY NOT NULL,
	"contact_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "referral_codes_contactId_unique" UNIQUE("contact_id")
);
--> statement-breakpoint
CREATE TABLE "referral_devices" (
	"contact_id" text NOT NULL,
	"device_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "referral_devices_contact_id_device_id_pk" PRIMARY KEY("contact_id","device_id")
);
--> statement-breakpoint
CREATE TABLE "referrals" (
	"id" text PRIMARY KEY NOT NULL,
	"campaign_id" text NOT NULL,
	"referrer_contact_id" text NOT NULL,
	"friend_contact_id" text NOT NULL,
	"order_id" text NOT NULL,
	"click_id" text NOT NULL,
	"ip" text NOT NULL,
	"device_id" text NOT NULL,
	"status" text NOT NULL,
	"reasons" text[] DEFAULT '{}'::text[] NOT NULL,
	"revenue_base" bigint NOT NULL,
	"grant_at" timestamp with time zone NOT NULL,
	"reward_points" integer,
	"reward_code" text,
	"decided_by" text,
	"decision_reason" text,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "card_fingerprint" text;--> statement-breakpoint
ALTER TABLE "referral_codes" ADD CONSTRAINT "referral_codes_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referral_devices" ADD CONSTRAINT "referral_devices_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "referral_clicks_campaign_id_index" ON "referral_clicks" USING btree ("campaign_id");--> statement-breakpoint
CREATE INDEX "referral_clicks_device_id_campaign_id_index" ON "referral_clicks" USING btree ("device_id","campaign_id");--> statement-breakpoint
CREATE INDEX "referral_clicks_friend_code_index" ON "referral_clicks" USING btree ("friend_code");--> statement-breakpoint
CREATE INDEX "referral_devices_device_id_index" ON "referral_devices" USING btree ("device_id");--> statement-breakpoint
CREATE UNIQUE INDEX "referrals_friend_contact_id_index" ON "referrals" USING btree ("friend_contact_id");--> statement-breakpoint
CREATE UNIQUE INDEX "referrals_order_id_index" ON "referrals" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "referrals_campaign_id_status_index" ON "referrals" USING btree ("campaign_id","status");--> statement-breakpoint
CREATE INDEX "referrals_referrer_contact_id_index" ON "referrals" USING btree ("referrer_contact_id");--> statement-breakpoint
CREATE INDEX "referrals_ip_created_at_index" ON "referrals" USING btree ("ip","created_at");