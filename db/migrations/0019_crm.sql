CREATE TABLE "checkout_consents" (
	"cart_id" text PRIMARY KEY NOT NULL,
	"consent_text_id" text NOT NULL,
	"ip" text,
	"user_agent" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "consent_confirmations" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"contact_id" text NOT NULL,
	"event_id" bigint NOT NULL,
	"market" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "consent_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"contact_id" text NOT NULL,
	"channel" text NOT NULL,
	"status" text NOT NULL,
	"source" text NOT NULL,
	"consent_text_id" text,
	"locale" text,
	"ip" text,
	"user_agent" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "consent_texts" (
	"id" text PRIMARY KEY NOT NULL,
	"channel" text NOT NULL,
	"language" text NOT NULL,
	"version" integer NOT NULL,
	"text" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cart_point_redemptions" (
	"cart_id" text PRIMARY KEY NOT NULL,
	"contact_id" text NOT NULL,
	"points" integer NOT NULL,
	"reward_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "loyalty_members" (
	"contact_id" text PRIMARY KEY NOT NULL,
	"tier_id" text,
	"qualified_at" timestamp with time zone NOT NULL,
	"retained_until" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "loyalty_rewards" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"points" integer NOT NULL,
	"amount" bigint,
	"percent_bp" integer,
	"active" boolean DEFAULT true NOT NULL,
	"position" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "loyalty_settings" (
	"id" text PRIMARY KEY NOT NULL,
	"points_per_unit" integer DEFAULT 1 NOT NULL,
	"redeem_points_per_unit" integer DEFAULT 100 NOT NULL,
	"return_window_days" integer DEFAULT 14 NOT NULL,
	"return_window_from" text DEFAULT 'payment' NOT NULL,
	"signup_bonus" integer DEFAULT 0 NOT NULL,
	"birthday_bonus" integer DEFAULT 0 NOT NULL,
	"expiry_months" integer,
	"expiry_since" timestamp with time zone,
	"warning_days" integer DEFAULT 14 NOT NULL,
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
ALTER TABLE "contacts" ADD COLUMN "welcome_discount_id" text;--> statement-breakpoint
ALTER TABLE "checkout_consents" ADD CONSTRAINT "checkout_consents_consent_text_id_consent_texts_id_fk" FOREIGN KEY ("consent_text_id") REFERENCES "public"."consent_texts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consent_confirmations" ADD CONSTRAINT "consent_confirmations_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consent_events" ADD CONSTRAINT "consent_events_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consent_events" ADD CONSTRAINT "consent_events_consent_text_id_consent_texts_id_fk" FOREIGN KEY ("consent_text_id") REFERENCES "public"."consent_texts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cart_point_redemptions" ADD CONSTRAINT "cart_point_redemptions_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cart_point_redemptions" ADD CONSTRAINT "cart_point_redemptions_reward_id_loyalty_rewards_id_fk" FOREIGN KEY ("reward_id") REFERENCES "public"."loyalty_rewards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loyalty_members" ADD CONSTRAINT "loyalty_members_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loyalty_members" ADD CONSTRAINT "loyalty_members_tier_id_tiers_id_fk" FOREIGN KEY ("tier_id") REFERENCES "public"."tiers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tier_changes" ADD CONSTRAINT "tier_changes_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referral_codes" ADD CONSTRAINT "referral_codes_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referral_devices" ADD CONSTRAINT "referral_devices_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "consent_confirmations_contact_id_created_at_index" ON "consent_confirmations" USING btree ("contact_id","created_at");--> statement-breakpoint
CREATE INDEX "consent_events_contact_id_channel_id_index" ON "consent_events" USING btree ("contact_id","channel","id");--> statement-breakpoint
CREATE UNIQUE INDEX "consent_texts_channel_language_version_index" ON "consent_texts" USING btree ("channel","language","version");--> statement-breakpoint
CREATE INDEX "loyalty_members_tier_id_index" ON "loyalty_members" USING btree ("tier_id");--> statement-breakpoint
CREATE INDEX "loyalty_members_retained_until_index" ON "loyalty_members" USING btree ("retained_until");--> statement-breakpoint
CREATE INDEX "tier_changes_contact_id_at_index" ON "tier_changes" USING btree ("contact_id","at");--> statement-breakpoint
CREATE INDEX "referral_clicks_campaign_id_index" ON "referral_clicks" USING btree ("campaign_id");--> statement-breakpoint
CREATE INDEX "referral_clicks_device_id_campaign_id_index" ON "referral_clicks" USING btree ("device_id","campaign_id");--> statement-breakpoint
CREATE INDEX "referral_clicks_friend_code_index" ON "referral_clicks" USING btree ("friend_code");--> statement-breakpoint
CREATE INDEX "referral_devices_device_id_index" ON "referral_devices" USING btree ("device_id");--> statement-breakpoint
CREATE UNIQUE INDEX "referrals_friend_contact_id_index" ON "referrals" USING btree ("friend_contact_id");--> statement-breakpoint
CREATE UNIQUE INDEX "referrals_order_id_index" ON "referrals" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "referrals_campaign_id_status_index" ON "referrals" USING btree ("campaign_id","status");--> statement-breakpoint
CREATE INDEX "referrals_referrer_contact_id_index" ON "referrals" USING btree ("referrer_contact_id");--> statement-breakpoint
CREATE INDEX "referrals_ip_created_at_index" ON "referrals" USING btree ("ip","created_at");