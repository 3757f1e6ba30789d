import type postgres from "postgres";
import { noteDbError, noteDbSuccess, PoolBusyError } from "./availability";

/**
 * At most `size` queries or transactions hold a connection; up to `queueLimit` more wait, each for at
 * most `queueTimeoutMs`, then fail with PoolBusyError (answered 503 + Retry-After). postgres.js would
 * queue without bound: under a burst every request would wait, and time out in the client instead.
 */
export class PoolGate {
  private active = 0;
  private readonly waiting: { grant: () => void; timer: NodeJS.Timeout }[] = [];

  constructor(
    readonly size: number,
    readonly queueLimit: number,
    readonly queueTimeoutMs: number,
  ) {}

  get stats(): { active: number; waiting: number } {
    return { active: this.active, waiting: this.waiting.length };
  }

  acquire(): Promise<void> {
    if (this.active < this.size) {
      this.active++;
      return Promise.resolve();
    }
    if (this.waiting.length >= this.queueLimit) {
      return Promise.reject(new PoolBusyError(`all ${this.size} database connections are busy and ${this.queueLimit} queries already wait`));
    }
    return new Promise((resolve, reject) => {
      const entry = {
        grant: resolve,
        timer: setTimeout(() => {
          this.waiting.splice(this.waiting.indexOf(entry), 1);
          reject(new PoolBusyError(`no database connection became free within ${this.queueTimeoutMs} ms`));
        }, this.queueTimeoutMs),
      };
      this.waiting.push(entry);
    });
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) {
      clearTimeout(next.timer);
      next.grant(); // the slot passes on: `active` stays the same
    } else {
      this.active--;
    }
  }

  async run<T>(fn: () => PromiseLike<T>): Promise<T> {
    try {
      await this.acquire();
    } catch (e) {
      noteDbError(e);
      throw e;
    }
    try {
      const value = await fn();
      noteDbSuccess();
      return value;
    } catch (e) {
      noteDbError(e);
      throw e;
    } finally {
      this.release();
    }
  }
}

/**
 * The postgres.js client as drizzle uses it (`unsafe` for statements, `begin` for transactions), with
 * every statement and transaction passing the gate. Statements inside a transaction use the
 * transaction's own connection and are not gated again.
 */
export function gateClient(client: postgres.Sql, gate: PoolGate): postgres.Sql {
  return new Proxy(client, {
    get(target, prop) {
      if (prop === "unsafe") {
        return (...args: Parameters<postgres.Sql["unsafe"]>) => {
          const query = target.unsafe(...args);
          // drizzle calls .values() (row arrays) and then awaits: the statement runs on the first then().
          const gated = {
            values() {
              query.values();
              return gated;
            },
            then<A, B>(ok?: ((v: unknown) => A | PromiseLike<A>) | null, fail?: ((e: unknown) => B | PromiseLike<B>) | null) {
              return gate.run(() => query).then(ok, fail);
            },
          };
          return gated;
        };
      }
      if (prop === "begin") {
        return (...args: unknown[]) => gate.run(() => (target.begin as (...a: unknown[]) => Promise<unknown>)(...args));
      }
      return Reflect.get(target, prop);
    },
  });
}
