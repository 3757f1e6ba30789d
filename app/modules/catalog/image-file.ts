/**
 * What an uploaded product image really is, read from its bytes (never from the file name or the
 * browser's Content-Type): JPEG, PNG, WebP or AVIF, with its pixel size. Anything else is refused.
 */
export const IMAGE_TYPES = ["image/jpeg", "image/png", "image/webp", "image/avif"] as const;
export type ImageType = (typeof IMAGE_TYPES)[number];

export const IMAGE_EXTENSIONS: Record<ImageType, string> = { "image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "image/avif": "avif" };

/** 10 MiB: a 4000 px photo at high JPEG quality fits; product pages never need more. */
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;

export interface SniffedImage {
  contentType: ImageType;
  width: number;
  height: number;
}

const ascii = (b: Uint8Array, at: number, len: number) => String.fromCharCode(...b.subarray(at, at + len));

/** The image's type and size, or null when the bytes are not a complete JPEG, PNG, WebP or AVIF header. */
export function sniffImage(bytes: Uint8Array): SniffedImage | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const size = (contentType: ImageType, width: number, height: number) => (width > 0 && height > 0 ? { contentType, width, height } : null);
  try {
    // PNG (ISO/IEC 15948): 8-byte signature, then the IHDR chunk with width and height (big-endian).
    if (bytes.length >= 24 && [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((v, i) => bytes[i] === v) && ascii(bytes, 12, 4) === "IHDR") {
      return size("image/png", view.getUint32(16), view.getUint32(20));
    }
    // JPEG (ITU-T T.81): SOI, then segments until a start-of-frame marker carrying height and width.
    if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
      let at = 2;
      while (at + 9 < bytes.length) {
        if (bytes[at] !== 0xff) return null;
        const marker = bytes[at + 1]!;
        if (marker === 0xff) {
          at += 1;
          continue;
        }
        if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
          at += 2;
          continue;
        }
        const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
        if (isFrame) return size("image/jpeg", view.getUint16(at + 7), view.getUint16(at + 5));
        at += 2 + view.getUint16(at + 2);
      }
      return null;
    }
    // WebP (RFC 9649): RIFF container, then a VP8 (lossy), VP8L (lossless) or VP8X (extended) chunk.
    if (bytes.length >= 30 && ascii(bytes, 0, 4) === "RIFF" && ascii(bytes, 8, 4) === "WEBP") {
      const chunk = ascii(bytes, 12, 4);
      if (chunk === "VP8X") return size("image/webp", 1 + (view.getUint32(24, true) & 0xffffff), 1 + (view.getUint32(26, true) >>> 8));
      if (chunk === "VP8L" && bytes[20] === 0x2f) {
        const bits = view.getUint32(21, true);
        return size("image/webp", 1 + (bits & 0x3fff), 1 + ((bits >>> 14) & 0x3fff));
      }
      if (chunk === "VP8 " && bytes[23] === 0x9d && bytes[24] === 0x01 && bytes[25] === 0x2a) {
        return size("image/webp", view.getUint16(26, true) & 0x3fff, view.getUint16(28, true) & 0x3fff);
      }
      return null;
    }
    // AVIF (AV1 Image File Format, ISO BMFF): an ftyp box naming the avif/avis brand, and the
    // image spatial extents (ispe) property with width and height.
    if (bytes.length >= 16 && ascii(bytes, 4, 4) === "ftyp") {
      const ftypSize = view.getUint32(0);
      const brands: string[] = [];
      for (let at = 8; at + 4 <= Math.min(ftypSize, bytes.length); at += 4) if (at !== 12) brands.push(ascii(bytes, at, 4));
      if (!brands.includes("avif") && !brands.includes("avis")) return null;
      const end = Math.min(bytes.length, 64 * 1024);
      for (let at = ftypSize; at + 16 <= end; at++) {
        if (bytes[at] === 0x69 && ascii(bytes, at, 4) === "ispe") return size("image/avif", view.getUint32(at + 8), view.getUint32(at + 12));
      }
      return null;
    }
  } catch {
    // A header cut short reads past the end: not a usable image.
    return null;
  }
  return null;
}
