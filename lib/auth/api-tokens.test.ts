import { createHash } from "node:crypto";
import { describe, expect, test } from "vitest";
import { apiTokensProblem, matchesApiToken, parseApiTokens } from "./api-tokens";

const sha = (t: string) => createHash("sha256").update(t).digest("hex");

describe("API tokens", () => {
  const digests = parseApiTokens(`plain-token-0123456789, ${sha("hashed-token-0123456789")}`);

  test.each([
    ["a token given in the clear", "plain-token-0123456789", true],
    ["a token given by its SHA-256", "hashed-token-0123456789", true],
    ["the hash itself is not a token", sha("hashed-token-0123456789"), false],
    ["an unknown token", "unknown-token-0123456789", false],
    ["a prefix", "plain-token-012345678", false],
    ["too short", "short", false],
  ])("%s", (_name, presented, expected) => {
    expect(matchesApiToken(digests, presented)).toBe(expected);
  });

  test("no tokens configured: none matches", () => {
    expect(matchesApiToken(parseApiTokens(undefined), "plain-token-0123456789")).toBe(false);
  });

  test("short entries are refused at start-up", () => {
    expect(apiTokensProblem("abc")).toMatch(/at least 16/);
    expect(apiTokensProblem("a-long-enough-token-1, another-long-token-2")).toBeNull();
  });
});
