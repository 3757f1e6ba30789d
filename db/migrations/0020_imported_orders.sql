ALTER TABLE "orders" ALTER COLUMN "fx_rate" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ALTER COLUMN "base_total" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "imported_from" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "external_id" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "cancelled_at" timestamp with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "orders_import_key_idx" ON "orders" USING btree ("imported_from","external_id");