import { describe, expect, test } from "vitest";
import { nextProblem, safeNext } from "./safe-next";

describe("sign-in next", () => {
  test.each([
    ["/tiers?range=30d", "/tiers?range=30d"],
    ["/", "/"],
    ["//evil.example/phish", "/"],
    ["/\\evil.example", "/"],
    ["https://evil.example/", "/"],
    ["evil.example", "/"],
    ["/sign-in?next=//evil", "/"],
    ["/api/sync", "/"],
    [`/${"a".repeat(5000)}`, "/"],
  ])("%s → %s", (next, expected) => {
    expect(safeNext(next)).toBe(expected);
  });

  test.each([
    ["a tab", "/\t/evil.example/phish"],
    ["a newline", "/users\n"],
    ["a carriage return", "/\r/evil.example"],
    ["NUL", "/\u0000"],
    ["DEL", "/\u007f"],
    ["a C1 control", "/\u0085x"],
    ["an RTL override", "/\u202eusers"],
    ["an isolate", "/\u2066users"],
  ])("refused: %s", (_n, next) => {
    expect(nextProblem(next)).toMatch(/control characters/);
    expect(safeNext(next)).toBe("/");
  });

  test("ordinary text in a path is fine, percent-encoded for the Location header", () => {
    expect(nextProblem("/users?user=日本")).toBeNull();
    expect(safeNext("/users?user=日本")).toBe("/users?user=%E6%97%A5%E6%9C%AC");
    expect(safeNext("/users?user=%E6%97%A5")).toBe("/users?user=%E6%97%A5");
  });
});
