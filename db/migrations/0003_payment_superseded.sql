DROP INDEX "payments_cart_id_fingerprint_index";--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "superseded_by" text;--> statement-breakpoint
CREATE UNIQUE INDEX "payments_cart_id_fingerprint_index" ON "payments" USING btree ("cart_id","fingerprint") WHERE "payments"."superseded_by" is null;