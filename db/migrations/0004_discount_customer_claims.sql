CREATE TABLE "discount_customer_claims" (
	"discount_id" text NOT NULL,
	"payment_id" text NOT NULL,
	"customer_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "discount_customer_claims_discount_id_payment_id_pk" PRIMARY KEY("discount_id","payment_id")
);
--> statement-breakpoint
ALTER TABLE "discount_customer_claims" ADD CONSTRAINT "discount_customer_claims_discount_id_discounts_id_fk" FOREIGN KEY ("discount_id") REFERENCES "public"."discounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "discount_customer_claims_discount_id_customer_key_index" ON "discount_customer_claims" USING btree ("discount_id","customer_key");