import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UserError } from "~/lib/errors";
import { LocalFileStore, uploadProductImage } from "./file-store.server";
import { MAX_IMAGE_BYTES, sniffImage } from "./image-file";

// Images encoded by Chromium (canvas 3×2 px); `file` reports "3 x 2" for each.
const fixture = (name: string) => new Uint8Array(readFileSync(join(import.meta.dirname, "../../../test/fixtures/images", name)));

/** A minimal AVIF header: ftyp (brand avif) then an ispe box (ISO/IEC 23008-12 §6.5.3: version/flags, width, height). */
function avifHeader(width: number, height: number): Uint8Array {
  const b = Buffer.alloc(40);
  b.writeUInt32BE(20, 0);
  b.write("ftypavif", 4, "latin1");
  b.writeUInt32BE(0, 12);
  b.write("mif1", 16, "latin1");
  b.writeUInt32BE(20, 20);
  b.write("ispe", 24, "latin1");
  b.writeUInt32BE(0, 28);
  b.writeUInt32BE(width, 32);
  b.writeUInt32BE(height, 36);
  return new Uint8Array(b);
}

/** A WebP lossless header (RFC 9649 §3.7.2: signature 0x2f, 14 bits width-1, 14 bits height-1). */
function vp8lHeader(width: number, height: number): Uint8Array {
  const b = Buffer.alloc(30);
  b.write("RIFF", 0, "latin1");
  b.writeUInt32LE(22, 4);
  b.write("WEBPVP8L", 8, "latin1");
  b.writeUInt32LE(10, 16);
  b[20] = 0x2f;
  b.writeUInt32LE((width - 1) | ((height - 1) << 14), 21);
  return new Uint8Array(b);
}

describe("sniffImage reads the type and pixel size from the bytes", () => {
  it("recognises JPEG, PNG and WebP files with their size", () => {
    expect(sniffImage(fixture("tiny-3x2.jpg"))).toEqual({ contentType: "image/jpeg", width: 3, height: 2 });
    expect(sniffImage(fixture("tiny-3x2.png"))).toEqual({ contentType: "image/png", width: 3, height: 2 });
    expect(sniffImage(fixture("tiny-3x2.webp"))).toEqual({ contentType: "image/webp", width: 3, height: 2 });
    expect(sniffImage(fixture("tiny-3x2.lossless.webp"))).toEqual({ contentType: "image/webp", width: 3, height: 2 });
  });

  it("reads AVIF and lossless WebP headers laid out as their specifications say", () => {
    expect(sniffImage(avifHeader(1200, 800))).toEqual({ contentType: "image/avif", width: 1200, height: 800 });
    expect(sniffImage(vp8lHeader(640, 480))).toEqual({ contentType: "image/webp", width: 640, height: 480 });
  });

  it("refuses GIF, SVG, HTML, a truncated PNG and other ISO BMFF files (e.g. MP4)", () => {
    const text = (s: string) => new TextEncoder().encode(s);
    expect(sniffImage(text("GIF89a\x03\x00\x02\x00"))).toBeNull();
    expect(sniffImage(text('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
    expect(sniffImage(text("<!doctype html><script>alert(1)</script>"))).toBeNull();
    expect(sniffImage(fixture("tiny-3x2.png").subarray(0, 20))).toBeNull();
    const mp4 = avifHeader(10, 10);
    mp4.set(text("isom"), 8);
    expect(sniffImage(mp4)).toBeNull();
  });
});

describe("uploading a product image to the local file store", () => {
  const dir = mkdtempSync(join(tmpdir(), "harbor-uploads-"));
  const store = new LocalFileStore(dir);

  it("stores it under a generated name with the real type's extension and serves it from /uploads", async () => {
    const r = await uploadProductImage(fixture("tiny-3x2.webp"), store);
    expect(r).toMatchObject({ contentType: "image/webp", width: 3, height: 2 });
    expect(r.url).toMatch(/^\/uploads\/products\/img_[0-9a-z]+\.webp$/);
    const path = join(dir, r.url.replace("/uploads/", ""));
    expect(readFileSync(path)).toEqual(Buffer.from(fixture("tiny-3x2.webp")));
    await store.delete(r.url);
    expect(existsSync(path)).toBe(false);
  });

  it("refuses files that are not images (415, RFC 9110 §15.5.16), empty files (400) and files over the size limit (413, §15.5.14), naming the field", async () => {
    const notImage = await uploadProductImage(new TextEncoder().encode("<svg/>"), store).catch((e: unknown) => e);
    expect(notImage).toBeInstanceOf(UserError);
    expect([(notImage as UserError).status, (notImage as UserError).code, (notImage as UserError).field]).toEqual([415, "image_type", "image"]);
    expect(((await uploadProductImage(new Uint8Array(), store).catch((e: unknown) => e)) as UserError).code).toBe("image_empty");
    const big = new Uint8Array(MAX_IMAGE_BYTES + 1);
    big.set(fixture("tiny-3x2.png"));
    const tooBig = (await uploadProductImage(big, store).catch((e: unknown) => e)) as UserError;
    expect([tooBig.status, tooBig.code]).toEqual([413, "image_too_large"]);
  });

  it("never writes outside its directory", async () => {
    await expect(store.put("../escape.png", new Uint8Array([1]), "image/png")).rejects.toThrow(/Invalid file key/);
    await expect(store.put("products/../../x.png", new Uint8Array([1]), "image/png")).rejects.toThrow(/Invalid file key/);
    await store.delete("/uploads/../../etc/passwd");
    await store.delete("https://elsewhere.example/x.png");
  });
});
