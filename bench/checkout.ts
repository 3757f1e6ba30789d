/**
 * npm run bench:checkout — orders placed per second on PostgreSQL (DATABASE_URL) with the demo
 * provider: cart → address → shipping → payment start (stock reservation) → payment success (order).
 * More shoppers than stock compete for one variant; prints orders/s, the oversell count (must be 0)
 * and the ratio to a baseline measured in the same run (a bare transaction that decrements stock and
 * inserts a row, i.e. the floor any checkout must pay).
 */
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { createDb, migrateDb, setDatabase } from "../db/index";
import { rowsOf } from "../db/rows";
import { seedDemo } from "../db/seed";

const STOCK = Number(process.env.BENCH_STOCK ?? 200);
const SHOPPERS = Number(process.env.BENCH_SHOPPERS ?? 300);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);

async function pool<T>(items: T[], n: number, fn: (t: T) => Promise<void>) {
  let i = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    while (i < items.length) await fn(items[i++]!);
  }));
}

async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("bench:checkout needs DATABASE_URL (PostgreSQL): the embedded PGlite runs one connection at a time.");
  const name = "harbor_bench_checkout";
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  const database = await createDb({ url: u.toString(), max: CONCURRENCY + 4 });
  setDatabase(database);
  await migrateDb(database);
  await seedDemo(database);
  const db = database.db;
  const [variant] = rowsOf<{ id: string }>(await db.execute(sql`select v.id from product_variants v join market_prices mp on mp.variant_id = v.id and mp.market = 'de-de' order by v.id limit 1`));
  await db.execute(sql`update inventory_levels set on_hand = 0, reserved = 0 where variant_id = ${variant!.id}`);
  await db.execute(sql`update inventory_levels set on_hand = ${STOCK} where variant_id = ${variant!.id} and location_id = 'loc_cn_sz'`);

  const { createCart, addLine, updateCartDetails, reloadCart } = await import("../app/modules/cart/cart.server");
  const { startPayment, completePayment } = await import("../app/modules/checkout/checkout.server");
  const { getMarket } = await import("../app/modules/markets/markets.server");
  const market = (await getMarket("de-de"))!;
  const address = { name: "Bench Shopper", line1: "Hauptstr. 1", city: "Berlin", postalCode: "10115", country: "DE" };

  // Carts are prepared first; the timed part is checkout itself (reserve + pay + order).
  const carts = [];
  for (let i = 0; i < SHOPPERS; i++) {
    const { cart } = await createCart(market);
    await addLine(cart, variant!.id, 1);
    await updateCartDetails(cart, { email: `b${i}@example.com`, shippingAddress: address, shippingMethod: "express" });
    carts.push(await reloadCart(cart));
  }
  let orders = 0;
  let soldOut = 0;
  const t0 = performance.now();
  await pool(carts, CONCURRENCY, async (cart) => {
    try {
      const started = await startPayment(cart, { origin: "http://bench" });
      if (await completePayment(started.payment.id, "succeeded")) orders++;
    } catch (e) {
      if ((e as { code?: string }).code === "insufficient_stock") soldOut++;
      else throw e;
    }
  });
  const seconds = (performance.now() - t0) / 1000;
  const [level] = rowsOf<{ on_hand: number; reserved: number }>(await db.execute(sql`select sum(on_hand)::int as on_hand, sum(reserved)::int as reserved from inventory_levels where variant_id = ${variant!.id}`));
  const [sold] = rowsOf<{ n: number }>(await db.execute(sql`select coalesce(sum(quantity), 0)::int as n from order_lines where variant_id = ${variant!.id}`));
  const oversell = Math.max(0, sold!.n - STOCK) + (level!.on_hand < 0 ? 1 : 0);

  // Baseline: the minimum work of selling one unit safely (conditional decrement + insert), same pool.
  await db.execute(sql`create table bench_baseline (id serial primary key, cart text)`);
  await db.execute(sql`update inventory_levels set on_hand = ${STOCK}, reserved = 0 where variant_id = ${variant!.id} and location_id = 'loc_cn_sz'`);
  let baseOrders = 0;
  const b0 = performance.now();
  await pool(carts, CONCURRENCY, async (cart) => {
    await db.transaction(async (tx) => {
      const r = rowsOf(await tx.execute(sql`update inventory_levels set on_hand = on_hand - 1 where variant_id = ${variant!.id} and location_id = 'loc_cn_sz' and on_hand >= 1 returning 1`));
      if (r.length) {
        await tx.execute(sql`insert into bench_baseline (cart) values (${cart.id})`);
        baseOrders++;
      }
    });
  });
  const baseSeconds = (performance.now() - b0) / 1000;
  const rate = orders / seconds;
  const baseRate = baseOrders / baseSeconds;
  console.log(`\n[bench:checkout] PostgreSQL, demo provider, ${SHOPPERS} shoppers for ${STOCK} units, ${CONCURRENCY} concurrent`);
  console.log("| what | orders | seconds | orders/s | ratio to baseline |");
  console.log("|---|---:|---:|---:|---:|");
  console.log(`| Harbor checkout (reserve → pay → order) | ${orders} | ${seconds.toFixed(2)} | ${rate.toFixed(1)} | ${(rate / baseRate).toFixed(3)} |`);
  console.log(`| baseline (decrement + insert) | ${baseOrders} | ${baseSeconds.toFixed(2)} | ${baseRate.toFixed(1)} | 1.000 |`);
  console.log(`sold out responses: ${soldOut}; units sold: ${sold!.n}; stock left: ${level!.on_hand} (reserved ${level!.reserved}); oversell: ${oversell}`);
  await database.close();
  if (oversell !== 0) process.exit(2);
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
