import { describe, expect, it } from "vitest";
import { ReadThroughCache } from "./cache.server";

describe("ReadThroughCache (the catalog read cache)", () => {
  it("serves a hit within the TTL and loads again after it", async () => {
    const c = new ReadThroughCache(10);
    let loads = 0;
    const load = async () => ++loads;
    expect(await c.read("k", load, 1000, 0)).toBe(1);
    expect(await c.read("k", load, 1000, 999)).toBe(1);
    expect(await c.read("k", load, 1000, 1000)).toBe(2);
  });

  it("holds at most maxEntries, however many distinct keys visitors send", async () => {
    const c = new ReadThroughCache(50);
    for (let i = 0; i < 5000; i++) await c.read(`search|q${i}`, async () => "x".repeat(1000), 60_000, i);
    expect(c.size).toBe(50);
  });

  it("sweeps expired entries instead of keeping them until pushed out", async () => {
    const c = new ReadThroughCache(1000, 1000);
    for (let i = 0; i < 100; i++) await c.read(`k${i}`, async () => i, 5000, 0);
    expect(c.size).toBe(100);
    await c.read("later", async () => 0, 5000, 6000);
    expect(c.size).toBe(1);
  });

  it("forgets a failed load, so the next visitor retries instead of getting the old error", async () => {
    const c = new ReadThroughCache(10);
    await expect(c.read("k", () => Promise.reject(new Error("database away")), 5000, 0)).rejects.toThrow("database away");
    await new Promise((r) => setImmediate(r));
    expect(await c.read("k", async () => "ok", 5000, 1)).toBe("ok");
  });
});
