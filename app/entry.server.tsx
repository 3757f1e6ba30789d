import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { Writable } from "node:stream";
import { renderToPipeableStream } from "react-dom/server";
import { NonceContext } from "~/lib/nonce";
import { firstTouchCookie } from "~/modules/contacts/first-touch";

const ABORT_DELAY = 5_000;

/**
 * React 18's streaming renderer encodes into 2048-byte buffers and, when a multi-byte UTF-8 character
 * does not fit at the end of one, still sends the whole buffer: up to three unwritten NUL bytes end
 * up in the HTML (facebook/react#24985, fixed by facebook/react#26228 in React 19 only). Whether it
 * happens depends on where a "–" or "é" falls, so any copy change can trigger it. HTML text never
 * contains NUL, so trailing NULs of a chunk are always padding.
 */
function withoutPaddingNuls(chunk: Buffer): Buffer {
  let end = chunk.length;
  while (end > 0 && chunk.length - end < 3 && chunk[end - 1] === 0) end--;
  return end === chunk.length ? chunk : chunk.subarray(0, end);
}

/**
 * Collects the rendered page into one buffer. No page streams (no Suspense, no deferred data), so
 * waiting for all of it costs nothing, and one write of a known length instead of ~25 small chunks
 * through a web stream was the largest part of the server's time per page.
 */
function pageBuffer(done: (html: Buffer) => void): Writable {
  const chunks: Buffer[] = [];
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(withoutPaddingNuls(chunk));
      callback();
    },
    final(callback) {
      done(Buffer.concat(chunks));
      callback();
    },
  });
}

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  // Set by server.ts together with the Content-Security-Policy header that names it.
  const nonce = typeof loadContext.cspNonce === "string" ? loadContext.cspNonce : undefined;
  const firstTouch = firstTouchCookie(request);
  if (firstTouch) {
    // A campaign landing: the first touch is kept for the contact; this one answer is the visitor's own.
    responseHeaders.append("Set-Cookie", firstTouch);
    responseHeaders.set("Cache-Control", "private, no-store");
  }
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceContext.Provider>,
      {
        nonce,
        onShellReady() {
          shellRendered = true;
        },
        onAllReady() {
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          pipe(
            pageBuffer((html) => {
              responseHeaders.set("Content-Length", String(html.length));
              clearTimeout(timer);
              resolve(new Response(html as unknown as BodyInit, { headers: responseHeaders, status: responseStatusCode }));
            }),
          );
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
    const timer = setTimeout(abort, ABORT_DELAY);
  });
}
