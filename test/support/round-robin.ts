/**
 * What a load balancer does in front of several app processes, reduced to what a rolling restart
 * needs: requests go round-robin over keep-alive connections, and a request is retried on another
 * backend only when its connection was refused, i.e. before any byte of it was sent. Everything
 * else — a reset or a close after the request went out, a timeout, a 5xx — is a dropped request,
 * because a proxy cannot know whether a non-idempotent request (a cart add) took effect.
 */
import { Agent, request, type IncomingHttpHeaders } from "node:http";

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Failure {
  at: number;
  what: string;
  backend: number;
  reason: string;
}

export class RoundRobin {
  readonly agents: Agent[];
  private next = 0;
  /** Backends taken out of rotation (deregistered before their SIGTERM, as a rolling deploy does). */
  private readonly drained = new Set<number>();
  /** Requests retried on another backend after a refused connection. */
  refusedRetries = 0;
  failures: Failure[] = [];
  completed = 0;

  constructor(
    private readonly ports: number[],
    private readonly onFailure: (f: Failure) => void = () => {},
  ) {
    // A bounded pool per backend, as a proxy keeps one (nginx `keepalive 16`); keep-alive is where
    // shutdown races live.
    this.agents = ports.map(() => new Agent({ keepAlive: true, maxSockets: 16 }));
  }

  /** Sends to the next backend; retries on the others while connections are refused (up to `patienceMs`). */
  async send(what: string, opts: { method: string; path: string; headers?: Record<string, string>; body?: string }, patienceMs = 10_000): Promise<Answer | null> {
    const until = Date.now() + patienceMs;
    for (let attempt = 0; ; attempt++) {
      let i = this.next++ % this.ports.length;
      for (let k = 0; this.drained.has(i) && k < this.ports.length; k++) i = this.next++ % this.ports.length;
      try {
        const answer = await this.once(i, opts);
        if (answer.status >= 400) {
          this.fail({ at: Date.now(), what, backend: i, reason: `HTTP ${answer.status}: ${answer.body.slice(0, 200)}` });
          return null;
        }
        this.completed++;
        return answer;
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === "ECONNREFUSED" && Date.now() < until) {
          this.refusedRetries++;
          // Every backend refused in turn: wait a little before the next round.
          if (attempt % this.ports.length === this.ports.length - 1) await new Promise((r) => setTimeout(r, 50));
          continue;
        }
        this.fail({ at: Date.now(), what, backend: i, reason: `${code ?? ""} ${(e as Error).message}${(e as { reusedSocket?: boolean }).reusedSocket ? " (on a reused keep-alive connection)" : " (on a new connection)"}` });
        return null;
      }
    }
  }

  /**
   * Stops sending new requests to a backend; requests already sent to it carry on. A rolling deploy
   * deregisters a process before signalling it (a Kubernetes endpoint removal with a preStop delay,
   * a load balancer's deregistration delay): without that, a connection the kernel accepted but the
   * process had not yet taken is reset when the listening socket closes, on any server.
   */
  drain(i: number): void {
    this.drained.add(i);
  }

  restore(i: number): void {
    this.drained.delete(i);
  }

  private fail(f: Failure): void {
    this.failures.push(f);
    this.onFailure(f);
  }

  private once(i: number, opts: { method: string; path: string; headers?: Record<string, string>; body?: string }): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const req = request(
        { host: "127.0.0.1", port: this.ports[i], method: opts.method, path: opts.path, headers: opts.headers, agent: this.agents[i], timeout: 30_000 },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
          res.on("error", reject);
          res.on("aborted", () => reject(Object.assign(new Error("response aborted"), { code: "ECONNRESET" })));
        },
      );
      req.on("timeout", () => req.destroy(Object.assign(new Error("no answer within 30 s"), { code: "ETIMEDOUT" })));
      req.on("error", (e) => reject(Object.assign(e, { reusedSocket: req.reusedSocket })));
      req.end(opts.body);
    });
  }

  close(): void {
    for (const a of this.agents) a.destroy();
  }
}
