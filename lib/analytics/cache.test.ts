import { describe, expect, test } from "vitest";
import { AnswerCache } from "./cache";

describe("AnswerCache", () => {
  test("identical requests share one computation", async () => {
    const cache = new AnswerCache<number>();
    let calls = 0;
    const compute = async () => ++calls;
    const a = cache.getOrCompute(1, "k", compute);
    const b = cache.getOrCompute(1, "k", compute);
    expect([a.hit, b.hit]).toEqual([false, true]);
    expect(await b.value).toBe(1);
    expect(calls).toBe(1);
  });

  test("a new data version drops everything", async () => {
    const cache = new AnswerCache<number>();
    cache.getOrCompute(1, "a", async () => 1);
    cache.getOrCompute(1, "b", async () => 2);
    expect(cache.size).toBe(2);
    const again = cache.getOrCompute(2, "a", async () => 3);
    expect(again.hit).toBe(false);
    expect(await again.value).toBe(3);
    expect(cache.size).toBe(1);
  });

  test("the least recently used entry goes first", () => {
    const cache = new AnswerCache<number>(2);
    cache.getOrCompute(1, "a", async () => 1);
    cache.getOrCompute(1, "b", async () => 2);
    cache.getOrCompute(1, "a", async () => 9); // touch a
    cache.getOrCompute(1, "c", async () => 3); // evicts b
    expect(cache.getOrCompute(1, "a", async () => 0).hit).toBe(true);
    expect(cache.getOrCompute(1, "b", async () => 0).hit).toBe(false);
  });

  test("failures are not kept", async () => {
    const cache = new AnswerCache<number>();
    const failed = cache.getOrCompute(1, "k", async () => {
      throw new Error("boom");
    });
    await expect(failed.value).rejects.toThrow("boom");
    expect(cache.getOrCompute(1, "k", async () => 5).hit).toBe(false);
  });
});
