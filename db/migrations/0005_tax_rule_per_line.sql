ALTER TABLE "order_tax_lines" ALTER COLUMN "rate_bp" SET DATA TYPE numeric(7, 1);--> statement-breakpoint
ALTER TABLE "order_lines" ADD COLUMN "ship_from_location_id" text;--> statement-breakpoint
ALTER TABLE "order_lines" ADD COLUMN "ship_from_country" text;--> statement-breakpoint
ALTER TABLE "order_lines" ADD COLUMN "tax_regime" text;