ALTER TABLE "markets" ADD COLUMN "default_shipping" text;--> statement-breakpoint
ALTER TABLE "order_lines" ADD COLUMN "image_url" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "delivery_promise" jsonb;