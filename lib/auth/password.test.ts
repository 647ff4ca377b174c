import { createHash } from "node:crypto";
import { describe, expect, test } from "vitest";
import { hashPassword, isPasswordHash, passwordVerifier } from "./password";

describe("admin password", () => {
  test("clear text: only the same password", () => {
    const verify = passwordVerifier({ password: "correct horse" });
    expect(verify("correct horse")).toBe(true);
    expect(verify("correct hors")).toBe(false);
    expect(verify("")).toBe(false);
  });

  test("scrypt hash: made by hashPassword, checked by the verifier", () => {
    const hash = hashPassword("s3cret pass");
    expect(hash).toMatch(/^scrypt\$[\w-]+\$[\w-]{43}$/);
    expect(isPasswordHash(hash)).toBe(true);
    const verify = passwordVerifier({ hash });
    expect(verify("s3cret pass")).toBe(true);
    expect(verify("s3cret pas")).toBe(false);
  });

  test("sha256 hex hash", () => {
    const verify = passwordVerifier({ hash: createHash("sha256").update("pw-123").digest("hex") });
    expect(verify("pw-123")).toBe(true);
    expect(verify("pw-1234")).toBe(false);
  });

  test("the hash wins over the clear password when both are set", () => {
    const verify = passwordVerifier({ password: "old", hash: hashPassword("new") });
    expect(verify("new")).toBe(true);
    expect(verify("old")).toBe(false);
  });

  test.each(["", "scrypt$abc", "scrypt$c2FsdHNhbHQ$short", "md5$x$y", "abc123"])("%j is not a hash", (h) => {
    expect(isPasswordHash(h)).toBe(false);
  });

  test("nothing configured: nothing matches", () => {
    expect(passwordVerifier({})("anything")).toBe(false);
  });
});
