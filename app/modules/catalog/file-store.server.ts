import { mkdir, unlink, writeFile } from "node:fs/promises";
import { dirname, join, resolve, sep } from "node:path";
import { getEnv } from "~/lib/env.server";
import { UserError } from "~/lib/errors";
import { newId } from "~/lib/ids";
import { IMAGE_EXTENSIONS, IMAGE_TYPES, MAX_IMAGE_BYTES, sniffImage } from "./image-file";

/**
 * Where uploaded files live. The local store writes below a directory served at `/uploads`; an
 * S3-compatible store implements the same two calls (put returns the public URL).
 */
export interface FileStore {
  put(key: string, bytes: Uint8Array, contentType: string): Promise<string>;
  /** Removes the file a URL from `put` points at; unknown or foreign URLs are ignored. */
  delete(url: string): Promise<void>;
}

const KEY_RE = /^[a-z0-9][a-z0-9_-]*(?:\/[a-z0-9][a-z0-9_-]*)*\.[a-z0-9]+$/;

export class LocalFileStore implements FileStore {
  private readonly root: string;

  constructor(
    dir: string,
    private readonly urlPrefix = "/uploads",
  ) {
    this.root = resolve(dir);
  }

  private path(key: string): string {
    // Keys are generated, but a store must never write outside its directory whatever it is given.
    if (!KEY_RE.test(key)) throw new Error(`Invalid file key "${key}"`);
    const p = join(this.root, ...key.split("/"));
    if (!p.startsWith(this.root + sep)) throw new Error(`Invalid file key "${key}"`);
    return p;
  }

  async put(key: string, bytes: Uint8Array, _contentType: string): Promise<string> {
    const p = this.path(key);
    await mkdir(dirname(p), { recursive: true });
    await writeFile(p, bytes, { flag: "wx" });
    return `${this.urlPrefix}/${key}`;
  }

  async delete(url: string): Promise<void> {
    if (!url.startsWith(`${this.urlPrefix}/`)) return;
    const key = url.slice(this.urlPrefix.length + 1);
    if (!KEY_RE.test(key)) return;
    await unlink(this.path(key)).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== "ENOENT") throw e;
    });
  }
}

let store: FileStore | null = null;

/** The configured store: the local directory HARBOR_UPLOADS_DIR (default public/uploads). */
export function getFileStore(): FileStore {
  store ??= new LocalFileStore(getEnv().storage.uploadsDir);
  return store;
}

export interface UploadedImage {
  url: string;
  contentType: string;
  width: number;
  height: number;
}

/**
 * Stores a product image after checking what it is from its bytes: JPEG, PNG, WebP or AVIF up to
 * MAX_IMAGE_BYTES. The name is generated (never the uploader's), with the extension of the real type.
 */
export async function uploadProductImage(bytes: Uint8Array, files: FileStore = getFileStore()): Promise<UploadedImage> {
  if (bytes.byteLength === 0) throw new UserError("image_empty", "The file is empty; choose a JPEG, PNG, WebP or AVIF image.", 400, "image");
  if (bytes.byteLength > MAX_IMAGE_BYTES) {
    // 413 Content Too Large (RFC 9110 §15.5.14).
    throw new UserError("image_too_large", `Images may be up to ${MAX_IMAGE_BYTES / 1024 / 1024} MB; this one is ${(bytes.byteLength / 1024 / 1024).toFixed(1)} MB.`, 413, "image");
  }
  const image = sniffImage(bytes);
  // 415 Unsupported Media Type (RFC 9110 §15.5.16): judged from the bytes, whatever the name or declared type says.
  if (!image) throw new UserError("image_type", `Only ${IMAGE_TYPES.map((t) => t.replace("image/", "").toUpperCase()).join(", ")} images can be uploaded; this file is none of them.`, 415, "image");
  const key = `products/${newId("img")}.${IMAGE_EXTENSIONS[image.contentType]}`;
  const url = await files.put(key, bytes, image.contentType);
  return { url, ...image };
}
