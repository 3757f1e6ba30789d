CREATE TABLE "price_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"market" text NOT NULL,
	"variant_id" text NOT NULL,
	"currency" text NOT NULL,
	"amount" bigint NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "price_history" ADD CONSTRAINT "price_history_market_markets_handle_fk" FOREIGN KEY ("market") REFERENCES "public"."markets"("handle") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_history" ADD CONSTRAINT "price_history_variant_id_product_variants_id_fk" FOREIGN KEY ("variant_id") REFERENCES "public"."product_variants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "price_history_market_variant_id_changed_at_index" ON "price_history" USING btree ("market","variant_id","changed_at");--> statement-breakpoint
-- A store seeded before the history existed: its current shelf prices are the first known ones.
INSERT INTO "price_history" ("market", "variant_id", "currency", "amount") SELECT "market", "variant_id", "currency", "amount" FROM "market_prices";
