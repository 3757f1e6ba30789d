/**
 * An HTTP pass-through in front of a provider stand-in (Stripe, Resend) that can hold the provider's
 * answer: the request reaches the provider and is processed, but the answer reaches the caller only
 * when the test releases it. For tests that need work "in flight" at a chosen moment without a
 * test-only code path in the app.
 */
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

interface Hold {
  /** Resolves when the held request has been forwarded (the app is now waiting for its answer). */
  arrived: Promise<void>;
  release(): void;
}

export interface HoldingProxy {
  url: string;
  port: number;
  /** Holds the answer to the next request whose method and path match. */
  holdNext(match: { method: string; path: string }): Hold;
  close(): Promise<void>;
}

export async function startHoldingProxy(target: string): Promise<HoldingProxy> {
  const holds: { match: { method: string; path: string }; arrive: () => void; released: Promise<void> }[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", target);
      const i = holds.findIndex((h) => h.match.method === req.method && h.match.path === url.pathname);
      const hold = i >= 0 ? holds.splice(i, 1)[0] : undefined;
      const out = httpRequest(url, { method: req.method, headers: req.headers }, (answer) => {
        const body: Buffer[] = [];
        answer.on("data", (c: Buffer) => body.push(c));
        answer.on("end", () => {
          const reply = () => {
            res.writeHead(answer.statusCode ?? 502, answer.headers as IncomingHttpHeaders);
            res.end(Buffer.concat(body));
          };
          if (!hold) return reply();
          hold.arrive();
          void hold.released.then(reply);
        });
      });
      out.on("error", () => res.destroy());
      out.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    holdNext(match) {
      let arrive!: () => void;
      let release!: () => void;
      const arrived = new Promise<void>((r) => (arrive = r));
      const released = new Promise<void>((r) => (release = r));
      holds.push({ match, arrive, released });
      return { arrived, release };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
