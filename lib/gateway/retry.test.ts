import { describe, expect, test } from "vitest";
import { backoffDelay, parseRetryAfter, resolvePolicy, sleep } from "./retry";

const policy = resolvePolicy({ attempts: 6, baseDelayMs: 100, maxDelayMs: 1_000, maxRetryAfterMs: 5_000 });

describe("backoffDelay", () => {
  test.each([
    [1, 100],
    [2, 200],
    [3, 400],
    [4, 800],
    [5, 1_000],
    [9, 1_000],
  ])("retry %i waits at most %i ms", (retry, ceiling) => {
    expect(backoffDelay(policy, retry, null, () => 1)).toBe(ceiling);
    expect(backoffDelay(policy, retry, null, () => 0)).toBe(0);
  });

  test("Retry-After is a floor, cut at maxRetryAfterMs", () => {
    expect(backoffDelay(policy, 1, 3_000, () => 1)).toBe(3_000);
    expect(backoffDelay(policy, 5, 10, () => 1)).toBe(1_000);
    expect(backoffDelay(policy, 1, 3_600_000, () => 0)).toBe(5_000);
  });

  test("at least one attempt", () => {
    expect(resolvePolicy({ attempts: 0 }).attempts).toBe(1);
  });
});

describe("parseRetryAfter", () => {
  const now = Date.parse("2024-01-01T00:00:00Z");
  test.each([
    ["seconds", "3", 3_000],
    ["an HTTP date", "Mon, 01 Jan 2024 00:00:10 GMT", 10_000],
    ["a past date", "Sun, 31 Dec 2023 00:00:00 GMT", 0],
    ["garbage", "soon", null],
    ["absent", undefined, null],
  ])("%s", (_name, value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });
});

test("sleep rejects with the signal's reason when aborted", async () => {
  const controller = new AbortController();
  const pending = sleep(10_000, controller.signal);
  controller.abort(new Error("stop"));
  await expect(pending).rejects.toThrow("stop");
});
