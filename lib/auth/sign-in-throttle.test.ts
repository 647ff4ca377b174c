import { expect, test } from "vitest";
import { SignInThrottle } from "./sign-in-throttle";

test("three free failures, then waits that double; clients are apart; success clears", () => {
  const t = new SignInThrottle();
  const now = 1_000_000;
  for (let i = 0; i < 2; i++) t.failure("a", now);
  expect(t.waitMs("a", now)).toBe(0);
  t.failure("a", now);
  expect(t.waitMs("a", now)).toBe(1000);
  t.failure("a", now + 1000);
  expect(t.waitMs("a", now + 1000)).toBe(2000);
  expect(t.waitMs("b", now)).toBe(0);
  t.success("a");
  expect(t.waitMs("a", now + 1000)).toBe(0);
});

test("the wait is capped and forgotten after half an hour", () => {
  const t = new SignInThrottle();
  for (let i = 0; i < 40; i++) t.failure("a", 0);
  expect(t.waitMs("a", 0)).toBe(5 * 60_000);
  expect(t.waitMs("a", 31 * 60_000)).toBe(0);
});
