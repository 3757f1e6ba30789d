/**
 * npm run bench:import [-- --customers N --order-rows M] — the import engine on PostgreSQL
 * (DATABASE_URL) against a PostgreSQL COPY of the same rows into a plain staging table, in one run.
 * Generates a Shopify customer export (default 100k rows) and a Shopify order export (default 300k
 * rows, one to three rows per order) into temp files, imports both, and prints rows/s, the ratio to
 * COPY and the peak RSS (sampled every 50 ms). Targets (issue #11): within 3× of COPY, RSS < 300 MB.
 */
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import postgres from "postgres";
import { createDb, migrateDb, setDatabase } from "../db/index";
import { runImport } from "../app/modules/imports/import.server";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const n = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a whole number of at least 1`);
  return n;
}

const CUSTOMER_HEADER = "Customer ID,First Name,Last Name,Email,Accepts Email Marketing,Default Address Country Code,Phone,Total Spent,Total Orders,Note,Tags";
const ORDER_HEADER = "Name,Email,Financial Status,Currency,Subtotal,Shipping,Taxes,Total,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku,Billing Name,Billing Country,Cancelled at,Refunded Amount";

function generate(dir: string, customers: number, orderRows: number): { customersFile: string; ordersFile: string } {
  const lines = [CUSTOMER_HEADER];
  for (let i = 0; i < customers; i++) lines.push(`${1000000 + i},First${i},Last${i},bench${i}@example.com,${i % 3 ? "no" : "yes"},DE,+49301${i},${(i % 500) + 1}.50,${i % 7},,"vip,bench"`);
  const customersFile = join(dir, "customers.csv");
  writeFileSync(customersFile, lines.join("\n") + "\n");
  const orders = [ORDER_HEADER];
  let n = 0;
  for (let o = 0; orders.length - 1 < orderRows; o++) {
    const items = (o % 3) + 1;
    const email = `bench${o % customers}@example.com`;
    for (let k = 0; k < items && orders.length - 1 < orderRows; k++) {
      n++;
      orders.push(
        k === 0
          ? `#B${o},${email},paid,EUR,${items * 10}.00,0.00,0.00,${items * 10}.00,2024-03-05 14:22:10 +0100,1,Item ${k},10.00,SKU-${k},Bench Buyer,DE,,`
          : `#B${o},${email},,,,,,,,1,Item ${k},10.00,SKU-${k},,,,`,
      );
    }
  }
  const ordersFile = join(dir, "orders.csv");
  writeFileSync(ordersFile, orders.join("\n") + "\n");
  return { customersFile, ordersFile };
}

/** The floor: the same rows, unparsed, streamed into a staging table with COPY. */
async function copyRows(sql: postgres.Sql, file: string, table: string, columns: number): Promise<number> {
  await sql.unsafe(`create unlogged table ${table} (${Array.from({ length: columns }, (_, i) => `c${i} text`).join(", ")})`);
  const started = performance.now();
  const writable = await sql.unsafe(`copy ${table} from stdin with (format csv, header true)`).writable();
  await pipeline(createReadStream(file), writable);
  return performance.now() - started;
}

async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("bench:import needs DATABASE_URL (PostgreSQL).");
  const customers = arg("customers", 100_000);
  const orderRows = arg("order-rows", 300_000);
  const chunkRows = arg("chunk-rows", 500);
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);

  const name = "harbor_bench_import";
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  const database = await createDb({ url: u.toString(), max: 4 });
  setDatabase(database);
  await migrateDb(database);

  const dir = mkdtempSync(join(tmpdir(), "harbor-bench-import-"));
  const { customersFile, ordersFile } = generate(dir, customers, orderRows);
  const raw = postgres(u.toString(), { max: 1, onnotice: () => {} });
  const copyCustomers = await copyRows(raw, customersFile, "staging_customers", CUSTOMER_HEADER.split(",").length);
  const copyOrders = await copyRows(raw, ordersFile, "staging_orders", ORDER_HEADER.split(",").length);
  await raw.end();

  let started = performance.now();
  const c = await runImport({ source: "shopify-customers", path: customersFile, currency: "EUR", chunkRows });
  const importCustomers = performance.now() - started;
  started = performance.now();
  const o = await runImport({ source: "shopify-orders", path: ordersFile, currency: "EUR", chunkRows });
  const importOrders = performance.now() - started;
  clearInterval(sampler);

  const rate = (rows: number, ms: number) => Math.round(rows / (ms / 1000));
  const line = (what: string, rows: number, engine: number, copy: number) =>
    console.log(`${what}: ${rows} rows — import ${rate(rows, engine)} rows/s (${(engine / 1000).toFixed(1)} s), COPY ${rate(rows, copy)} rows/s (${(copy / 1000).toFixed(2)} s), ratio ${(engine / copy).toFixed(1)}×`);
  line("customers", c.summary.rowsRead, importCustomers, copyCustomers);
  line("orders", o.summary.rowsRead, importOrders, copyOrders);
  console.log(`contacts created ${c.summary.contacts.created}, orders created ${o.summary.orders.created}, rejected ${c.summary.rejected.length + o.summary.rejected.length}`);
  console.log(`peak RSS ${Math.round(peak / 1024 / 1024)} MB (target < 300 MB); chunk ${chunkRows} rows`);
  await database.close();
  rmSync(dir, { recursive: true, force: true });
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
