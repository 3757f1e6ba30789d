CREATE TABLE "tax_registrations" (
	"country" text NOT NULL,
	"region" text DEFAULT '' NOT NULL,
	"registration_number" text DEFAULT '' NOT NULL,
	"since" date NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tax_registrations_country_region_pk" PRIMARY KEY("country","region")
);
--> statement-breakpoint
-- Hand edit: the old key was "currency" alone; each existing rate has applied since the day it was last written.
ALTER TABLE "fx_rates" DROP CONSTRAINT "fx_rates_pkey";--> statement-breakpoint
ALTER TABLE "fx_rates" ADD COLUMN "effective_on" date;--> statement-breakpoint
UPDATE "fx_rates" SET "effective_on" = ("updated_at" AT TIME ZONE 'UTC')::date;--> statement-breakpoint
ALTER TABLE "fx_rates" ALTER COLUMN "effective_on" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "fx_rates" ADD CONSTRAINT "fx_rates_currency_effective_on_pk" PRIMARY KEY("currency","effective_on");--> statement-breakpoint
ALTER TABLE "markets" ADD COLUMN "free_shipping_over" bigint;--> statement-breakpoint
ALTER TABLE "store_settings" ADD COLUMN "mail_from_name" text;--> statement-breakpoint
ALTER TABLE "store_settings" ADD COLUMN "mail_from_address" text;--> statement-breakpoint
ALTER TABLE "store_settings" ADD COLUMN "mail_reply_to" text;--> statement-breakpoint
ALTER TABLE "shipping_rates" ADD COLUMN "free_over_from_market" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "shipping_rates" ADD COLUMN "enabled" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "outbox_emails" ADD COLUMN "reply_to" text;--> statement-breakpoint
-- Hand edit: the free-shipping threshold moves to the market. Each market takes its rates' (lowest) threshold;
-- the rates that had exactly that threshold follow the market from now on, the others keep theirs as an override.
UPDATE "markets" AS m SET "free_shipping_over" = (SELECT min(r."free_over") FROM "shipping_rates" r WHERE r."market" = m."handle" AND r."free_over" IS NOT NULL);--> statement-breakpoint
UPDATE "shipping_rates" AS r SET "free_over_from_market" = true FROM "markets" m WHERE m."handle" = r."market" AND r."free_over" IS NOT NULL AND r."free_over" = m."free_shipping_over";--> statement-breakpoint
-- Hand edit: the US states that were collected by default (TAX_US_REGISTERED_STATES, now removed) become data for an existing store.
INSERT INTO "tax_registrations" ("country", "region", "since") SELECT 'US', s.state, (now() AT TIME ZONE 'UTC')::date FROM "store_settings", unnest(ARRAY['CA','NY','TX','WA']) AS s(state) WHERE "store_settings"."id" = 'store' ON CONFLICT DO NOTHING;