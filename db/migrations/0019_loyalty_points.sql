CREATE TABLE "cart_point_redemptions" (
	"cart_id" text PRIMARY KEY NOT NULL,
	"contact_id" text NOT NULL,
	"points" integer NOT NULL,
	"reward_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
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
ALTER TABLE "cart_point_redemptions" ADD CONSTRAINT "cart_point_redemptions_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cart_point_redemptions" ADD CONSTRAINT "cart_point_redemptions_reward_id_loyalty_rewards_id_fk" FOREIGN KEY ("reward_id") REFERENCES "public"."loyalty_rewards"("id") ON DELETE no action ON UPDATE no action;