/**
 * Image upload through the Admin API (issue #9, Catalog: "images (upload … through a FileStore)"):
 * POST /products/{id}/images (multipart/form-data) and DELETE /products/{id}/images/{imageId}, with
 * real PNG and JPEG bytes and a text file renamed .png.
 */
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "~db/testing";
import { adminOpenApiDocument, handleAdminApi } from "~/api/admin/registry.server";
import { listAuditLog } from "~/modules/staff/audit.server";
import { adminToken, TEST_ORIGIN } from "./staff-helpers";

const uploads = mkdtempSync(join(tmpdir(), "harbor-api-uploads-"));
process.env.HARBOR_UPLOADS_DIR = uploads;
useTestDatabase();

const fixture = (name: string) => readFileSync(join(import.meta.dirname, "fixtures/images", name));
const MiB = 1024 * 1024;

let token = "";
let productId = "";

async function call(method: string, path: string, body?: BodyInit, contentType?: string) {
  const rest = path.slice(1);
  const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
  if (contentType) headers["Content-Type"] = contentType;
  const request = new Request(`${TEST_ORIGIN}/api/admin/v1/${rest}`, { method, headers, body });
  const r = await handleAdminApi({ request, params: { "*": rest }, context: {} });
  return { status: r.status, json: (await r.json()) as any };
}

function form(file: Uint8Array | Buffer | null, name = "photo.png", type = "image/png", alt?: string): FormData {
  const f = new FormData();
  if (file) f.set("file", new File([new Uint8Array(file) as Uint8Array<ArrayBuffer>], name, { type }));
  if (alt !== undefined) f.set("alt", alt);
  return f;
}

const upload = (f: FormData, id = productId) => call("POST", `/products/${id}/images`, f);
const onDisk = (url: string) => join(uploads, url.replace(/^\/uploads\//, ""));

beforeAll(async () => {
  token = (await adminToken("catalog")).token;
  const created = await call(
    "POST",
    "/products",
    JSON.stringify({ status: "draft", translations: { en: { title: "Upload bowl", handle: "upload-bowl" } }, variants: [{ sku: "UPLOAD-1", weightGrams: 300, prices: { USD: "10.00" } }] }),
    "application/json",
  );
  expect(created.status).toBe(201);
  productId = created.json.product.id;
}, 60_000);

describe("POST /products/{id}/images", () => {
  it("stores a real PNG and a real JPEG through the file store, reading type and size from the bytes", async () => {
    const png = await upload(form(fixture("tiny-3x2.png"), "bowl.png", "image/png", "A celadon bowl"));
    expect(png.status).toBe(201);
    const key = productId.replace(/^prod_/, "");
    expect(png.json).toMatchObject({ id: `img_${key}_0`, productId, width: 3, height: 2, position: 0, alt: { en: "A celadon bowl" } });
    expect(png.json.url).toMatch(/^\/uploads\/products\/img_[0-9a-z]+\.png$/);
    expect(readFileSync(onDisk(png.json.url))).toEqual(fixture("tiny-3x2.png"));

    // The part claims PNG; the bytes are JPEG, and the bytes win.
    const jpeg = await upload(form(fixture("tiny-3x2.jpg"), "bowl.png", "image/png"));
    expect(jpeg.status).toBe(201);
    expect(jpeg.json).toMatchObject({ id: `img_${key}_1`, position: 1, width: 3, height: 2, alt: {} });
    expect(jpeg.json.url).toMatch(/\.jpg$/);

    const product = await call("GET", `/products/${productId}`);
    expect(product.json.product.images.map((i: { url: string }) => i.url)).toEqual([png.json.url, jpeg.json.url]);
    const { entries } = await listAuditLog({ entityId: productId, action: "create:product-image" }, { limit: 5, offset: 0, oldestFirst: true });
    expect(entries.map((e) => (e.after as { url: string }).url)).toEqual([png.json.url, jpeg.json.url]);
  });

  it("a text file renamed .png is 415 (RFC 9110 §15.5.16) and nothing is stored", async () => {
    const before = (await call("GET", `/products/${productId}`)).json.product.images.length;
    const fake = await upload(form(Buffer.from("just some notes, not a picture\n"), "notes.png", "image/png"));
    expect([fake.status, fake.json.error.code, fake.json.error.field]).toEqual([415, "image_type", "image"]);
    expect(fake.json.error.message).toMatch(/JPEG, PNG, WEBP, AVIF/);
    expect((await call("GET", `/products/${productId}`)).json.product.images).toHaveLength(before);
  });

  it("a file over 10 MiB is 413 (RFC 9110 §15.5.14), whether the file or the whole body is too large", async () => {
    const justOver = Buffer.alloc(10 * MiB + 1);
    fixture("tiny-3x2.png").copy(justOver);
    const r = await upload(form(justOver));
    expect([r.status, r.json.error.code]).toEqual([413, "image_too_large"]);
    const farOver = await upload(form(Buffer.alloc(11 * MiB)));
    expect([farOver.status, farOver.json.error.code]).toEqual([413, "payload_too_large"]);
  });

  it("an unknown product is 422; a JSON body 415; a missing file 400 naming `file`", async () => {
    const unknown = await upload(form(fixture("tiny-3x2.png")), "prod_missing");
    expect([unknown.status, unknown.json.error.code]).toEqual([422, "unknown_product"]);
    const json = await call("POST", `/products/${productId}/images`, JSON.stringify({ file: "x" }), "application/json");
    expect([json.status, json.json.error.code]).toEqual([415, "unsupported_media_type"]);
    const missing = await upload(form(null, undefined, undefined, "alt only"));
    expect([missing.status, missing.json.error.field]).toEqual([400, "file"]);
    const broken = await call("POST", `/products/${productId}/images`, "--x\r\nnot really multipart", "multipart/form-data; boundary=x");
    expect([broken.status, broken.json.error.code]).toEqual([400, "invalid_body"]);
  });
});

describe("DELETE /products/{id}/images/{imageId}", () => {
  it("removes the image and its file; the images after it move up", async () => {
    const images = (await call("GET", `/products/${productId}`)).json.product.images as { url: string }[];
    expect(images.length).toBeGreaterThanOrEqual(2);
    const key = productId.replace(/^prod_/, "");
    const r = await call("DELETE", `/products/${productId}/images/img_${key}_0`);
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ id: `img_${key}_0`, deleted: true });
    expect(existsSync(onDisk(images[0]!.url))).toBe(false);
    const after = (await call("GET", `/products/${productId}`)).json.product.images as { url: string }[];
    expect(after.map((i) => i.url)).toEqual(images.slice(1).map((i) => i.url));
    // The former second image is now the first, with the first id.
    expect((await call("DELETE", `/products/${productId}/images/img_${key}_${images.length - 1}`)).status).toBe(404);
    expect((await call("DELETE", `/products/${productId}/images/img_${key}_0`)).status).toBe(200);
    expect((await call("DELETE", `/products/prod_missing/images/img_x_0`)).json.error.code).toBe("product_not_found");
  });
});

describe("the Admin OpenAPI document", () => {
  it("describes the upload as a multipart/form-data body with a binary file field", () => {
    const doc = adminOpenApiDocument(TEST_ORIGIN);
    const op = doc.paths["/products/{id}/images"]!.post!;
    expect(Object.keys(op.requestBody!.content)).toEqual(["multipart/form-data"]);
    expect(op.requestBody!.content["multipart/form-data"]!.schema).toEqual({ $ref: "#/components/schemas/ProductImageUpload" });
    expect(doc.components.schemas.ProductImageUpload).toMatchObject({ properties: { file: { type: "string", format: "binary" } }, required: ["file"] });
    expect(Object.keys(op.responses).sort()).toEqual(["201", "400", "401", "403", "413", "415", "422", "503"]);
    expect(doc.paths["/products/{id}/images/{imageId}"]!.delete).toBeDefined();
  });
});
